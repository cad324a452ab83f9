// The floor for `npm run bench:radius` (BENCH_FLOOR=1): a Node dgram server that answers every datagram by sending
// it straight back with the code set to Access-Accept / Accounting-Response, checking and signing nothing. Its CPU
// per request is what Node's UDP receive and send alone cost on this machine, which bounds any Node RADIUS server.
// Prints "ready <auth> <acct>" when listening.
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

const [auth, acct] = process.argv.slice(2).map(Number);
const lookup = (a: string, _f: unknown, cb: (e: null, a: string, f: number) => void) => cb(null, a, 4);
async function serve(port: number, code: number): Promise<number> {
  const s = dgram.createSocket({ type: 'udp4', lookup, recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 } as dgram.SocketOptions);
  s.on('message', (msg, from) => {
    msg[0] = code;
    s.send(msg, from.port, from.address);
  });
  await new Promise<void>((r) => s.bind(port, '127.0.0.1', () => r()));
  return (s.address() as AddressInfo).port;
}
const ports = [await serve(auth, 2), await serve(acct, 5)];
process.stdout.write(`ready ${ports[0]} ${ports[1]}\n`);
process.on('SIGTERM', () => process.exit(0));
