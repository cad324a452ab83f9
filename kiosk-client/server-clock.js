// The server's clock as the board sees it: the last serverTime received plus monotonic time elapsed since,
// so a display whose own clock is wrong (no NTP, no RTC, wrong zone) still shows the right time and countdowns.

/**
 * @param {number} serverTime ms since epoch, from the server-rendered page
 */
export function createServerClock(serverTime) {
  let baseServer = serverTime;
  let baseMono = performance.now();
  return {
    /** @returns {number} the server's current time, ms since epoch */
    now() {
      return baseServer + (performance.now() - baseMono);
    },
    /** @param {number} t serverTime of a message just received */
    sync(t) {
      if (typeof t !== 'number' || !Number.isFinite(t)) return;
      baseServer = t;
      baseMono = performance.now();
    },
    /** @returns {number} how far the display's own clock is off (ms), reported in the heartbeat */
    offsetMs() {
      return Math.round(this.now() - Date.now());
    },
  };
}

/**
 * HH:MM in the location's time zone (IANA), independent of the display's zone setting.
 * @param {string} timeZone
 * @returns {(ms: number) => string}
 */
export function timeFormatter(timeZone) {
  const f = new Intl.DateTimeFormat('cs-CZ', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (ms) => f.format(ms);
}
