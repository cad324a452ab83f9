// Voice output for blind travellers (vyhláška 398/2009 Sb., příloha 1, 1.2.9: command 6 of the VPN remote
// reads the information system aloud): a short signal tone (WebAudio), then the board's rows in Czech through
// the Web Speech API (lang cs-CZ). The same text is shown on screen for deaf and hard-of-hearing travellers.
import { fill } from './i18n.js';

/**
 * @param {import('./rows.js').Row[]} rows
 * @param {Record<string, string>} s Czech speech strings
 * @param {(ms: number) => string} fmt
 * @param {string} station
 */
export function composeSpeech(rows, s, fmt, station) {
  const plural = new Intl.PluralRules('cs');
  const minutes = (/** @type {number} */ n) => {
    const cat = plural.select(n);
    return s[`speech.minutes.${cat}`] ?? s['speech.minutes.other'];
  };
  const parts = [fill(s['speech.intro'], { station })];
  if (!rows.length) parts.push(s['speech.empty']);
  for (const r of rows) {
    let line = fill(s['speech.row'], { line: r.line, headsign: r.headsign, time: fmt(r.scheduled) });
    if (r.cancelled) line += s['speech.cancelled'];
    else if (r.delayMin !== null && r.delayMin > 0) line += fill(s['speech.delay'], { n: r.delayMin, minutes: minutes(r.delayMin) });
    if (r.platform) line += fill(s['speech.platform'], { platform: r.platform });
    parts.push(line + '.');
  }
  parts.push(s['speech.end']);
  return parts.join(' ');
}

/** A two-pitch "infosystém" signal, about 0.6 s; never blocks speech for longer than that. */
function signalTone() {
  return new Promise((resolve) => {
    const done = () => resolve(undefined);
    setTimeout(done, 700);
    try {
      const Ctx = window.AudioContext ?? /** @type {any} */ (window).webkitAudioContext;
      if (!Ctx) return done();
      const ctx = new Ctx();
      const gain = ctx.createGain();
      gain.gain.value = 0.2;
      gain.connect(ctx.destination);
      const t0 = ctx.currentTime + 0.02;
      for (let i = 0; i < 6; i++) {
        const osc = ctx.createOscillator();
        osc.type = 'sine';
        osc.frequency.value = i % 2 ? 1320 : 880;
        osc.connect(gain);
        osc.start(t0 + i * 0.09);
        osc.stop(t0 + i * 0.09 + 0.08);
      }
      setTimeout(() => void ctx.close().catch(() => {}), 1000);
      void ctx.resume().catch(() => {});
    } catch {
      done();
    }
  });
}

/**
 * @param {{ panel: HTMLElement, heading: string }} opts
 */
export function createSpeaker(opts) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let hide;
  let run = 0;
  return {
    /** Shows the text, plays the signal, then speaks; calling again restarts (repeatable). */
    async speak(/** @type {string} */ text) {
      const mine = ++run;
      clearTimeout(hide);
      opts.panel.replaceChildren();
      const h = document.createElement('h2');
      h.textContent = opts.heading;
      const p = document.createElement('p');
      p.lang = 'cs';
      p.textContent = text;
      opts.panel.append(h, p);
      opts.panel.hidden = false;
      const close = () => {
        if (mine === run) opts.panel.hidden = true;
      };
      hide = setTimeout(close, Math.max(10_000, text.length * 90));
      const synth = window.speechSynthesis;
      if (synth) synth.cancel();
      await signalTone();
      if (mine !== run || !synth || typeof SpeechSynthesisUtterance === 'undefined') return;
      const u = new SpeechSynthesisUtterance(text);
      u.lang = 'cs-CZ';
      u.rate = 0.95;
      const voice = (synth.getVoices?.() ?? []).find((v) => v.lang && v.lang.toLowerCase().startsWith('cs'));
      if (voice) u.voice = voice;
      u.onend = () => {
        clearTimeout(hide);
        hide = setTimeout(close, 3000);
      };
      synth.speak(u);
    },
  };
}
