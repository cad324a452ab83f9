// Raw HTTP for captive-portal tests: lets a test set the Host header (probes are matched by Host) and read
// redirects without following them; plus reading the Connect form's hidden fields out of a portal page.
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export function request(base: string, path: string, opts: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: opts.method ?? 'GET',
        headers: { ...(opts.host ? { host: opts.host } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(opts.body) } : {}), ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const unescapeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The hidden fields of the Connect form in a portal page. */
export function connectFields(html: string): { t: string; q: string; lang: string } {
  const field = (n: string) => {
    const m = new RegExp(`name="${n}" value="([^"]*)"`).exec(html);
    if (!m) throw new Error(`no ${n} field in the page`);
    return unescapeHtml(m[1]);
  };
  return { t: field('t'), q: field('q'), lang: field('lang') };
}

/** Loads the portal at `path` and presses Connect; returns the Connect response (a 303). */
export async function connect(base: string, path = '/', headers: Record<string, string> = {}): Promise<RawResponse> {
  const page = await request(base, path, { headers });
  if (page.status !== 200) throw new Error(`portal answered ${page.status}`);
  const f = connectFields(page.text);
  return request(base, '/connect', { method: 'POST', headers, body: new URLSearchParams(f).toString() });
}
