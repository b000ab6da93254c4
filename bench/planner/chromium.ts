import { existsSync } from 'node:fs';

/** Debian's Chromium, as in playwright.config.ts: Playwright cannot download its own browser here. */
export const chromiumPath = (): string => process.env.NIMBUS_CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The end-to-end tests' launch arguments (playwright.config.ts). `--disable-gpu` means software
 * compositing and raster on the CPU, so frame figures are a CPU machine's, not a GPU desktop's.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The page size the figures are taken at: a laptop's window. */
export const VIEWPORT = { width: 1440, height: 900 };

/** Why the planner benchmark cannot run here, or null when it can. Kept free of Playwright so run-all loads fast. */
export function chromiumMissing(): string | null {
  return existsSync(chromiumPath())
    ? null
    : `Chromium is missing at ${chromiumPath()} (apt-get install chromium, or set NIMBUS_CHROMIUM_PATH)`;
}
