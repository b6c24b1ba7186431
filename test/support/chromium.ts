import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

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
