// Security headers for portal responses, computed once by helmet and reused verbatim by the fast path.
// No script is allowed at all (the portal needs none); the one inline stylesheet is allowed by its hash.
// No HSTS and no upgrade-insecure-requests: captive portals are reached over plain http.
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

export function securityHeaders(opts: { styleHashes: string[]; formTargets: string[] }): Record<string, string> {
  const mw = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: opts.styleHashes,
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'", ...opts.formTargets],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const headers: Record<string, string> = {};
  const res = {
    setHeader(k: string, v: unknown) {
      headers[k.toLowerCase()] = String(v);
    },
    removeHeader(k: string) {
      delete headers[k.toLowerCase()];
    },
  };
  mw({} as IncomingMessage, res as unknown as ServerResponse, () => {});
  return headers;
}
