import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

// The accessibility scan shared by the specs: axe-core over what is on screen, failing on serious and
// critical violations and on a page without exactly one visible h1. Nothing is excluded.

export type Theme = 'light' | 'dark';

interface Violation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const formatViolation = (where: string, violation: Violation) =>
  `${where}: [${violation.impact}] ${violation.id} — ${violation.help}\n${violation.nodes
    .slice(0, 8)
    .map((item) => `    ${JSON.stringify(item.target)} ${(item.failureSummary ?? '').split('\n').slice(1, 2).join(' ').trim()}`)
    .join('\n')}${violation.nodes.length > 8 ? `\n    … and ${violation.nodes.length - 8} more` : ''}`;

/** Runs axe on what is on screen now and records serious and critical violations, and a wrong number of h1. */
export async function scan(page: Page, where: string, found: string[]): Promise<void> {
  // Let transitions and fades settle: axe measures contrast on the colours as painted.
  await page.waitForTimeout(250);
  const results = await new AxeBuilder({ page }).analyze();
  for (const violation of results.violations) {
    if (violation.impact === 'serious' || violation.impact === 'critical') found.push(formatViolation(where, violation));
  }
  const headings = await page.locator('h1:visible').allTextContents();
  if (headings.length !== 1)
    found.push(
      `${where}: ${headings.length} visible h1 (${headings.map((text) => JSON.stringify(text)).join(', ')}), expected exactly one`,
    );
}

/**
 * Scans what is on screen in the light and then the dark theme, without leaving it: with the theme
 * setting on System (the default), the emulated OS preference switches the theme in place, so an open
 * dialog or a wizard step stays as it is. Leaves the page in the light theme.
 */
export async function scanInBothThemes(page: Page, where: string, found: string[]): Promise<void> {
  for (const theme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await scan(page, `${where} (${theme})`, found);
  }
}

/** Fails the test with every recorded violation listed. */
export function expectNoViolations(found: string[]): void {
  expect(found, `Accessibility violations:\n${found.join('\n')}`).toEqual([]);
}
