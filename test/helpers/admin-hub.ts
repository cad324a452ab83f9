// For the admin UI's integration and browser tests: a recording HubApi to put behind the test hub's admin UI
// (startTestHub(flags, { hub: recordingHub() }) in hub-fleet.ts), and a browser-like client that signs in over real
// HTTP with cookies and CSRF tokens.
import type { FigureRow, HubApi, PublishInput, SiteStatus } from '../../server/hub/index.ts';

export interface RecordingHub extends HubApi {
  published: { locationId: string; input: PublishInput; actor: string }[];
  added: { siteId: string; locationId: string }[];
  siteRows: SiteStatus[];
  figureRows: FigureRow[];
  failNextPublish?: string;
}

export function recordingHub(): RecordingHub {
  const hub: RecordingHub = {
    published: [],
    added: [],
    siteRows: [],
    figureRows: [],
    async publish(locationId, input, actor) {
      if (hub.failNextPublish) {
        const m = hub.failNextPublish;
        hub.failNextPublish = undefined;
        throw new Error(m);
      }
      hub.published.push({ locationId, input, actor });
      const sites = hub.siteRows.filter((s) => s.locationId === locationId).map((s) => ({ siteId: s.siteId, version: hub.published.length }));
      return { sites };
    },
    sites: () => hub.siteRows,
    figures: (q = {}) => hub.figureRows.filter((f) => (!q.locationId || f.locationId === q.locationId) && (!q.from || Date.parse(f.hour) >= q.from) && (!q.to || Date.parse(f.hour) < q.to)),
    addSite(siteId, locationId) {
      hub.added.push({ siteId, locationId });
      return { token: `enrol-${siteId}-secret` };
    },
  };
  return hub;
}

/** A browser-like HTTP client: keeps cookies, reads CSRF tokens from pages, never follows redirects. */
export class AdminClient {
  cookies = new Map<string, string>();
  csrf = '';
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      const k = pair.slice(0, eq);
      const v = pair.slice(eq + 1);
      if (v === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }

  async get(path: string): Promise<{ status: number; text: string; res: Response }> {
    const res = await fetch(this.base + path, { redirect: 'manual', headers: { cookie: this.cookieHeader(), 'accept-language': 'cs' } });
    this.keep(res);
    const text = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1];
    return { status: res.status, text, res };
  }

  async post(path: string, form: Record<string, string> | URLSearchParams, opts: { csrf?: string | null } = {}): Promise<{ status: number; text: string; location: string | null }> {
    const body = new URLSearchParams(form);
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token !== null && !body.has('_csrf')) body.set('_csrf', token);
    const res = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'cs' },
      body,
    });
    this.keep(res);
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }

  async signIn(email: string, password: string) {
    await this.get('/admin/sign-in');
    const r = await this.post('/admin/sign-in', { email, password, next: '/admin/locations' });
    if (r.status === 303) await this.get('/admin/locations');
    return r;
  }
}
