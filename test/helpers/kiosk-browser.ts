// Chromium for board tests: Debian's browser with the kiosk's own flags (autoplay for the speech signal).
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from './browser.ts';

export async function launchKioskBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** What the board says it shows (live, timetable, not-live, unavailable, emergency), set by the client each second. */
export async function waitShows(page: Page, shows: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction((s) => document.documentElement.dataset.shows === s, shows, { timeout, polling: 200 });
}

/** Marks the page so a test can tell that a change arrived without a reload. */
export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
}

export async function notReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);
}
