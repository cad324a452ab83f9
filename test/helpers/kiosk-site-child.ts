// A real site server in its own process for board tests and the kiosk benchmark: createSiteApp with a
// scripted departures service that the parent drives over IPC ({ board } sets a board and fires onChange).
// Killed with SIGKILL and started again on the same port and data dir, it behaves like a crashed station box.
import { createSiteApp } from '../../server/app.ts';
import { configSchema } from '../../server/config-schema.ts';
import { loadConfig } from '../../server/platform/config.ts';
import type { Config } from '../../server/config-schema.ts';
import { scriptedDepartures } from './kiosk-scripted-departures.ts';
import type { Board } from '../../server/departures/types.ts';

const flags = JSON.parse(process.env.KIOSK_CHILD_FLAGS ?? '{}') as Record<string, unknown>;
const config = loadConfig({ schema: configSchema, env: {}, flags: { 'log.level': 'silent', 'radius.authPort': 0, 'radius.acctPort': 0, 'kiosk.displayHosts': ['127.0.0.1'], ...flags } }) as Config;
const initial = process.env.KIOSK_CHILD_BOARD ? (JSON.parse(process.env.KIOSK_CHILD_BOARD) as Board) : undefined;
const departures = scriptedDepartures(initial);
const app = createSiteApp({ config, departures });
const port = await app.listen(config.http.port, '127.0.0.1');

process.on('message', (msg: { board?: Board; stamp?: boolean }) => {
  if (!msg.board) return;
  // the bench stamps the change with the moment the server applies it (generatedAt), to time delivery
  departures.set(msg.stamp ? { ...msg.board, generatedAt: new Date().toISOString() } : msg.board);
});
process.send?.({ port });
