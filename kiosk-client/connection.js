// The board's ws link to its site server: reconnects forever with capped, fully jittered exponential backoff
// (so fifty boards do not reconnect in lockstep after a restart) and treats a silent link as dead.

/**
 * Delay before reconnect attempt n (0-based): uniform in [min, min(cap, base·2^n)].
 * @param {number} attempt
 * @param {number} capMs
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, capMs, random = Math.random) {
  const base = 500;
  const ceiling = Math.min(capMs, base * 2 ** Math.min(attempt, 20));
  return Math.round(250 + random() * Math.max(0, ceiling - 250));
}

/**
 * @param {{
 *   url: string,
 *   capMs: number,
 *   deadAfterMs: number,
 *   onOpen: (send: (msg: import('../server/protocol/kiosk.ts').DisplayMessage) => void) => void,
 *   onMessage: (msg: any) => void,
 *   onClose: () => void,
 * }} opts
 */
export function connect(opts) {
  let attempt = 0;
  /** @type {WebSocket | null} */
  let ws = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retry;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let watchdog;
  let lastMessage = performance.now();

  /** @param {import('../server/protocol/kiosk.ts').DisplayMessage} msg */
  const send = (msg) => {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
  };

  function open() {
    try {
      ws = new WebSocket(opts.url);
    } catch {
      schedule();
      return;
    }
    ws.onopen = () => {
      lastMessage = performance.now();
      opts.onOpen(send);
    };
    ws.onmessage = (ev) => {
      lastMessage = performance.now();
      attempt = 0;
      let msg;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      opts.onMessage(msg);
    };
    ws.onclose = () => {
      ws = null;
      opts.onClose();
      schedule();
    };
    ws.onerror = () => {
      /* onclose follows */
    };
  }

  function schedule() {
    clearTimeout(retry);
    retry = setTimeout(open, backoffDelay(attempt++, opts.capMs));
  }

  watchdog = setInterval(() => {
    if (ws && ws.readyState === WebSocket.OPEN && performance.now() - lastMessage > opts.deadAfterMs) ws.close();
  }, 1000);

  open();
  return {
    send,
    close() {
      clearTimeout(retry);
      clearInterval(watchdog);
      if (ws) {
        ws.onclose = null;
        ws.close();
      }
    },
  };
}
