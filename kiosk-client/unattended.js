// Unattended operation: slow pixel shift against burn-in, the planned nightly reload, and a "safe" reload that
// only happens when the site answers (a reload while the server is down would leave Chromium's error page).

let checking = false;

/** Reloads the page only if the site serves it right now; resolves false when it did not reload. */
export async function safeReload() {
  if (checking) return false;
  checking = true;
  try {
    const res = await fetch(location.href, { cache: 'no-store', signal: AbortSignal.timeout(4000) });
    if (!res.ok) return false;
  } catch {
    return false;
  } finally {
    checking = false;
  }
  location.reload();
  return true;
}

/**
 * Moves the content by a few pixels along a slow square path; 2 s glide (CSS) so nobody notices.
 * @param {HTMLElement} el
 * @param {number} px
 * @param {number} seconds
 */
export function startPixelShift(el, px, seconds) {
  if (!px) return () => {};
  const path = [
    [0, 0], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1],
  ];
  let i = 0;
  const id = setInterval(() => {
    i = (i + 1) % path.length;
    const [x, y] = path[i];
    el.style.transform = `translate(${x * px}px, ${y * px}px)`;
  }, seconds * 1000);
  return () => clearInterval(id);
}
