import { existsSync } from 'node:fs';
import { Browser, Page, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`, which .ci/run does), driven headless through playwright-core. */
export const CHROMIUM = process.env.LATTICELM_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A skip reason when Chromium is absent; with LATTICELM_REQUIRE_SERVICES=1 (CI) its absence fails instead. */
export function chromiumMissing(): string | false {
  const missing = existsSync(CHROMIUM) ? false : `chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (missing && process.env.LATTICELM_REQUIRE_SERVICES === '1') throw new Error(missing);
  return missing;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * Collects what a page should never do: script errors (a CSP violation is one), console errors, and answers of
 * 400 or more that `expected(status, path)` does not allow (Chromium's own "Failed to load resource" lines for
 * those are left to this check).
 */
export function watchPage(page: Page, expected: (status: number, path: string) => boolean): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/^Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (response.status() >= 400 && !expected(response.status(), path)) problems.push(`${response.status()} ${path}`);
  });
  return problems;
}
