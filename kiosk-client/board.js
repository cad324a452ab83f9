// The station board client: takes over the server-rendered page, keeps it live over ws, counts down on the
// server's clock, and never shows old data as live (not-live banner, then an "information unavailable" screen).
import { createServerClock, timeFormatter } from './server-clock.js';
import { translator } from './i18n.js';
import { setClass, setText, show } from './dom.js';
import { visibleRows as rowsAt } from './row-text.js';
import { connect } from './connection.js';
import { createRows } from './rows.js';
import { composeSpeech, createSpeaker } from './speech.js';
import { safeReload, startPixelShift } from './unattended.js';

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const data = JSON.parse($('kiosk-data').textContent ?? '{}');
const cfg = data.config;
/** @type {string[]} */
const langs = data.display.languages;
const primary = langs[0];
const clock = createServerClock(data.serverTime);
const fmt = timeFormatter(data.timezone);
const startedMono = performance.now();

const t = translator(data.strings, primary);

const state = {
  departures: data.departures,
  announcements: data.announcements,
  emergency: data.emergency,
  contentVersion: data.contentVersion,
  /** board version the server says is current (tick, heartbeat.ack) */
  serverBoardVersion: data.departures.version,
  connected: false,
  lastContactMono: performance.now(),
  lastContactServer: data.serverTime,
  lastFreshMono: performance.now(),
  shows: 'board',
  identifyUntil: 0,
  tickerIndex: 0,
};

const rows = createRows(/** @type {HTMLTableSectionElement} */ ($('rows')), { fmt, t });
const speaker = createSpeaker({ panel: $('speech'), heading: t('speech.shown') });
document.documentElement.dataset.kiosk = 'ready';

/** Builds "text in each display language" into an element, reusing nothing fancy: it changes rarely. */
function multi(/** @type {HTMLElement} */ el, /** @type {(lang: string) => string} */ text, tag = 'span') {
  const key = langs.map(text).join('\u0000');
  if (el.dataset.key === key) return;
  el.dataset.key = key;
  el.replaceChildren(
    ...langs.map((l, i) => {
      const s = document.createElement(tag);
      s.lang = l;
      if (i > 0) s.className = 'sec';
      s.textContent = text(l);
      return s;
    }),
  );
}

/** @param {number} now */
const visibleRows = (now) => rowsAt(state.departures.rows, now, cfg.rows);

/** What the board shows now: emergency over unavailable over the board; not-live once the link is silent. */
function situation() {
  const now = clock.now();
  const silentFor = (performance.now() - state.lastContactMono) / 1000;
  const emergency = state.emergency && state.emergency.expires > now ? state.emergency : null;
  const unavailable = !state.connected && silentFor > cfg.unavailableAfterSeconds;
  const notLive = !state.connected && silentFor > cfg.notLiveAfterSeconds;
  return { now, emergency, unavailable, notLive };
}

/** @param {{ text: Record<string, string> } | null} emergency */
function renderEmergency(emergency) {
  const em = $('emergency');
  if (emergency) {
    const key = JSON.stringify(emergency);
    if (em.dataset.key !== key) {
      em.dataset.key = key;
      // a new emergency (the site's or the county's) is also read aloud where the board can speak
      if ('speechSynthesis' in window) void speaker.speak(`${t('emergency.heading', {}, 'cs')}. ${emergency.text.cs}`);
      em.replaceChildren(
        ...langs.map((l) => {
          const d = document.createElement('div');
          d.lang = l;
          const h = document.createElement('h2');
          h.textContent = t('emergency.heading', {}, l);
          const p = document.createElement('p');
          p.textContent = emergency.text[l] ?? emergency.text.cs;
          d.append(h, p);
          return d;
        }),
      );
    }
  }
  show(em, !!emergency);
}

/** @param {boolean} on */
function renderUnavailable(on) {
  const un = $('unavailable');
  if (on) {
    multi(un, (l) => t('status.unavailable', {}, l), 'p');
    if (!un.querySelector('.hint')) {
      const hint = document.createElement('p');
      hint.className = 'hint';
      hint.lang = primary;
      hint.textContent = t('status.unavailableHint');
      un.append(hint);
    }
  }
  show(un, on);
}

/** the status line: "not live since …" when the link is silent, "according to timetable" without realtime data */
function renderStatus(/** @type {boolean} */ notLive) {
  const status = $('status');
  if (notLive) multi(status, (l) => t('status.notLiveSince', { time: fmt(state.lastContactServer) }, l));
  else if (!state.departures.live) multi(status, (l) => t('board.timetableOnly', {}, l));
  show(status, notLive || !state.departures.live);
  setClass(status, 'warn', notLive);
}

/** @param {number} now */
function renderRows(now) {
  const vis = visibleRows(now);
  rows.render(vis, now);
  if (!vis.length) multi($('empty'), (l) => t('board.noDepartures', {}, l));
  show($('empty'), vis.length === 0);
  renderNotices();
  rows.fit($('rows-area'));
}

/** Draws the current state: each part of the screen by its own function; render only picks what shows. */
function render() {
  const { now, emergency, unavailable, notLive } = situation();
  const mono = performance.now();
  setText($('clock'), fmt(now));
  renderEmergency(emergency);
  renderUnavailable(unavailable && !emergency);
  show($('board'), !emergency && !unavailable);
  renderStatus(notLive);
  renderRows(now);
  show($('identify'), mono < state.identifyUntil);
  state.shows = emergency ? 'emergency' : unavailable ? 'unavailable' : notLive ? 'not-live' : state.departures.live ? 'live' : 'timetable';
  document.documentElement.dataset.shows = state.shows;
  if (state.departures.version === state.serverBoardVersion && state.connected) state.lastFreshMono = mono;
}

/** @type {string} */
let noticesKey = '';
function renderNotices() {
  const key = state.departures.notices.join('\u0000');
  if (key === noticesKey) return;
  noticesKey = key;
  $('notices').replaceChildren(
    ...state.departures.notices.map((/** @type {string} */ n) => {
      const li = document.createElement('li');
      li.textContent = n;
      return li;
    }),
  );
}

function rotateTicker() {
  const now = clock.now();
  const items = state.announcements.filter((/** @type {any} */ a) => a.validTo === null || a.validTo > now);
  const el = $('ticker');
  if (!items.length) {
    setText(el, '');
    return;
  }
  const n = items.length * langs.length;
  const i = state.tickerIndex++ % n;
  const a = items[Math.floor(i / langs.length)];
  const lang = langs[i % langs.length];
  el.lang = lang;
  el.className = `ticker-text p-${a.priority}`;
  setText(el, a.text[lang] ?? a.text.cs);
}


/** @param {number} seconds */
function identify(seconds) {
  const el = $('identify');
  el.replaceChildren();
  const label = document.createElement('p');
  label.textContent = t('identify.label');
  const id = document.createElement('p');
  id.className = 'id';
  id.textContent = data.displayId;
  el.append(label, id);
  state.identifyUntil = performance.now() + seconds * 1000;
  render();
}

function speakRows() {
  const text = composeSpeech(visibleRows(clock.now()), data.speech, fmt, data.station.cs);
  void speaker.speak(text);
}

/** @param {import('../server/protocol/kiosk.ts').BoardFrame} msg */
function onMessage(msg) {
  clock.sync(msg.serverTime);
  state.lastContactMono = performance.now();
  state.lastContactServer = clock.now();
  switch (msg.type) {
    case 'hello':
      if (msg.clientVersion && msg.clientVersion !== data.clientVersion) void safeReload();
      if (msg.display && JSON.stringify(msg.display) !== JSON.stringify(data.display)) void safeReload();
      state.contentVersion = msg.contentVersion;
      break;
    case 'departures.updated':
      state.departures = msg.board;
      state.serverBoardVersion = msg.board.version;
      break;
    case 'announcements.updated':
      state.announcements = msg.announcements;
      state.tickerIndex = 0;
      rotateTicker();
      break;
    case 'emergency.updated':
      state.emergency = msg.emergency;
      break;
    case 'config.updated':
      if (JSON.stringify(msg.display) !== JSON.stringify(data.display)) void safeReload();
      break;
    case 'content.updated':
      state.contentVersion = msg.contentVersion;
      break;
    case 'tick':
    case 'heartbeat.ack':
      if (msg.boardVersion) state.serverBoardVersion = msg.boardVersion;
      break;
    case 'command':
      if (msg.command === 'reload') void safeReload();
      else if (msg.command === 'identify') identify(msg.seconds ?? 15);
      else if (msg.command === 'speak') speakRows();
      break;
  }
  render();
}

function heartbeat() {
  const mem = /** @type {any} */ (performance).memory;
  link.send({
    type: 'heartbeat',
    clientVersion: data.clientVersion,
    contentVersion: state.contentVersion,
    boardVersion: state.departures.version,
    shows: state.shows,
    heapBytes: mem ? Math.round(mem.usedJSHeapSize) : null,
    uptimeSeconds: Math.round((performance.now() - startedMono) / 1000),
    clockOffsetMs: clock.offsetMs(),
  });
}

// the display key comes on the board URL's fragment (#key=…, from the launcher and kiosk.env): a fragment is never
// sent in a request or a Referer; without it the board still shows everything but counts as a viewer
const displayKey = new URLSearchParams(location.hash.slice(1)).get('key');
const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/kiosk/ws?display=${encodeURIComponent(data.displayId)}`;
const link = connect({
  url: wsUrl,
  capMs: cfg.reconnectMaxSeconds * 1000,
  deadAfterMs: 25_000,
  onOpen: () => {
    state.connected = true;
    if (displayKey) link.send({ type: 'auth', key: displayKey });
    heartbeat();
  },
  onMessage,
  onClose: () => {
    state.connected = false;
    render();
  },
});

setInterval(render, 1000);
setInterval(rotateTicker, 8000);
setInterval(heartbeat, cfg.heartbeatSeconds * 1000);
startPixelShift($('shift'), cfg.pixelShiftPx, cfg.pixelShiftSeconds);

// nightly reload at the configured local time, and a self-reload when fresh data has not been rendered for long
let lastNightly = '';
setInterval(() => {
  const hhmm = fmt(clock.now());
  if (hhmm === cfg.nightlyReloadAt && lastNightly !== hhmm && performance.now() - startedMono > 3_600_000) {
    lastNightly = hhmm;
    void safeReload();
  }
  if ((performance.now() - state.lastFreshMono) / 1000 > cfg.staleReloadSeconds) void safeReload();
}, 5_000);

rotateTicker();
render();
/** for tests and the watchdog's screenshots: what the board shows */
Object.defineProperty(window, 'peronKiosk', { value: { state, clock } });
