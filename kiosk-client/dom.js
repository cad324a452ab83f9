// The board's small DOM writers: each touches the element only when the value changes, so a board updated every
// second for months neither relayouts for nothing nor grows its heap.

/** @param {HTMLElement} el @param {string} text */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** @param {Element} el @param {string} name @param {boolean} on */
export function setClass(el, name, on) {
  if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
}

/** @param {HTMLElement} el @param {boolean} on */
export function show(el, on) {
  if (el.hidden === on) el.hidden = !on;
}
