// Replies of one event-loop turn go out together after it (setImmediate): a send per request woke the NAS side on
// every packet and ping-ponged the CPU. Send errors surface as the socket's 'error' event; a throw is reported.
import type dgram from 'node:dgram';

export interface ReplyOutbox {
  push(sock: dgram.Socket, buf: Buffer, port: number, address: string): void;
  /** sends what is queued now (at stop) */
  flush(): void;
}

export function createReplyOutbox(onError: (err: Error) => void): ReplyOutbox {
  let queue: { sock: dgram.Socket; buf: Buffer; port: number; address: string }[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    for (const o of batch) {
      try {
        o.sock.send(o.buf, o.port, o.address);
      } catch (err) {
        onError(err as Error);
      }
    }
  };
  return {
    push(sock, buf, port, address) {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ sock, buf, port, address });
    },
    flush,
  };
}
