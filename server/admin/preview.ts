// Live preview: runs the real site renderer on a draft. One in-process site app per location (content = the
// draft, in-memory database, RADIUS off, throw-away data dir) listens on 127.0.0.1:0; it is reused while the
// draft and its regional files stay the same, and closed when they change or when too many run at once.
import { createHash, randomBytes } from 'node:crypto';
import type { Location } from '../content/index.ts';
import type { Logger } from '../platform/log.ts';

export interface PreviewInstance {
  locationId: string;
  key: string;
  /** unguessable path segment under /admin/preview/ that reaches this instance */
  token: string;
  origin: string;
  lastUsed: number;
  close(): Promise<void>;
}

export interface PreviewResponse {
  status: number;
  contentType: string;
  body: Buffer;
  /** for a redirect: its target as a path on the preview site, or the absolute URL when it leaves the site */
  location?: string;
}

/** Starts a real site server on 127.0.0.1 with the given content (the app provides it: admin does not import the app). */
export type PreviewSiteFactory = (location: Location, files: Record<string, Buffer>) => Promise<{ port: number; close(): Promise<void> }>;

export function createPreview(deps: { log: Logger; maxSites: number; startSite: PreviewSiteFactory }) {
  const byLocation = new Map<string, PreviewInstance>();
  const byToken = new Map<string, PreviewInstance>();
  const starting = new Map<string, Promise<PreviewInstance>>();

  async function start(location: Location, files: Record<string, Buffer>, key: string): Promise<PreviewInstance> {
    const site = await deps.startSite(location, files);
    const port = site.port;
    const inst: PreviewInstance = {
      locationId: location.id,
      key,
      token: randomBytes(16).toString('base64url'),
      origin: `http://127.0.0.1:${port}`,
      lastUsed: Date.now(),
      async close() {
        byToken.delete(inst.token);
        if (byLocation.get(inst.locationId) === inst) byLocation.delete(inst.locationId);
        await site.close().catch((err: unknown) => deps.log.warn({ err }, 'preview site did not close cleanly'));
      },
    };
    return inst;
  }

  const api = {
    /** The running preview of this draft (started if needed; the previous version's is closed). */
    async instance(location: Location, files: Record<string, Buffer>): Promise<PreviewInstance> {
      const h = createHash('sha256').update(JSON.stringify(location));
      for (const k of Object.keys(files).sort()) h.update(k).update(files[k]);
      const key = h.digest('hex');
      const cur = byLocation.get(location.id);
      if (cur && cur.key === key) {
        cur.lastUsed = Date.now();
        return cur;
      }
      const pendingKey = `${location.id}:${key}`;
      let p = starting.get(pendingKey);
      if (!p) {
        p = start(location, files, key).finally(() => starting.delete(pendingKey));
        starting.set(pendingKey, p);
      }
      const inst = await p;
      const old = byLocation.get(location.id);
      if (old && old !== inst) void old.close();
      byLocation.set(location.id, inst);
      byToken.set(inst.token, inst);
      while (byLocation.size > deps.maxSites) {
        const lru = [...byLocation.values()].sort((a, b) => a.lastUsed - b.lastUsed)[0];
        await lru.close();
      }
      return inst;
    },
    byToken(token: string): PreviewInstance | undefined {
      return byToken.get(token);
    },
    /** GET a path of the preview site as it answers it (redirects are shown, not followed). */
    async fetch(inst: PreviewInstance, path: string): Promise<PreviewResponse> {
      inst.lastUsed = Date.now();
      const res = await fetch(inst.origin + path, { redirect: 'manual', headers: { accept: 'text/html,*/*', 'accept-language': 'cs' } });
      const out: PreviewResponse = { status: res.status, contentType: res.headers.get('content-type') ?? 'application/octet-stream', body: Buffer.from(await res.arrayBuffer()) };
      const loc = res.headers.get('location');
      if (loc) {
        const target = new URL(loc, inst.origin + path);
        out.location = target.origin === inst.origin ? target.pathname + target.search : target.toString();
      }
      return out;
    },
    /** Like fetch, following redirects that stay on the preview site (at most 5): what a browser ends up showing. */
    async fetchFinal(inst: PreviewInstance, path: string): Promise<PreviewResponse & { path: string }> {
      let cur = path;
      for (let i = 0; ; i++) {
        const r = await api.fetch(inst, cur);
        if (r.status < 300 || r.status >= 400 || !r.location?.startsWith('/') || i >= 5) return { ...r, path: cur };
        cur = r.location;
      }
    },
    async stop() {
      await Promise.allSettled([...starting.values()]);
      await Promise.all([...byLocation.values()].map((i) => i.close()));
    },
  };
  return api;
}
export type Preview = ReturnType<typeof createPreview>;

/** Points the page's root-relative links (href="/…", src="/…", action="/…") at the preview prefix. */
export function rewriteRootLinks(html: string, prefix: string): string {
  return html.replace(/(\s(?:href|src|action|poster)\s*=\s*["'])\/(?!\/)/gi, `$1${prefix}/`);
}
