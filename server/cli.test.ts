import { describe, expect, it } from 'vitest';
import { makeContext } from './cli.ts';

const config = (argv: string[]) => makeContext(argv, {}, { out: () => undefined, err: () => undefined }).ctx.config();

describe('command line', () => {
  it('sends probes to the port the site really listens on when no public URL is configured', () => {
    const c = config(['site', '--port', '9001']);
    expect(c.http.port).toBe(9001);
    expect(c.http.publicUrl).toBe('http://localhost:9001');
  });

  it('keeps a configured public URL whatever the port', () => {
    const c = config(['site', '--port', '9001', '--set', 'http.publicUrl=http://portal.wifi.kraj-lbc.cz']);
    expect(c.http.publicUrl).toBe('http://portal.wifi.kraj-lbc.cz');
  });

  it('gives `peron hub --port` to the hub, not to the site port', () => {
    const c = config(['hub', '--port', '9100']);
    expect(c.hub.port).toBe(9100);
    expect(c.hub.publicUrl).toBe('http://localhost:9100');
    expect(c.http.port).toBe(8080);
  });
});
