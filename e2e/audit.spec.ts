import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expectNoViolations, scanInBothThemes } from './axe-scan.js';
import { expect, test } from './fixtures.js';

interface Topology {
  id: string;
  name: string;
  revision: number;
  document: unknown;
}

interface AuditLine {
  id: number;
  action: string;
  entity: string;
  entityId: string;
  newValue: unknown;
}

const rows = (page: Page) => page.getByTestId('audit-row');

/** Opens the Audit page through the command palette, as a keyboard user would. */
async function openAuditFromPalette(page: Page): Promise<void> {
  await page.keyboard.press('Control+K');
  const palette = page.getByTestId('command-palette-dialog');
  await palette.getByRole('combobox', { name: 'Search commands' }).fill('go to audit');
  await expect(palette.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
}

/** Waits until the table shows what was read for the filter now typed. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByTestId('audit-page').locator('[aria-busy="true"]')).toHaveCount(0);
}

test('lists changes newest first, filters them, opens a row to its values and keeps the filter across pages', async ({ page, nimbus }) => {
  await page.goto('/');
  await expect(page.getByTestId('status-connection')).toHaveAttribute('data-state', 'open');
  await openAuditFromPalette(page);
  await expect(page).toHaveURL(/#\/audit$/);
  await expect(page.getByTestId('nav-audit')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('audit-empty')).toContainText('No changes recorded yet');

  const first = await callApi<Topology>(nimbus.url, 'createTopology', { name: 'Audit first' });
  const second = await callApi<Topology>(nimbus.url, 'createTopology', { name: 'Audit second' });
  await callApi(nimbus.url, 'saveTopology', {
    id: first.id,
    expectedRevision: first.revision,
    name: 'Audit first renamed',
    document: first.document,
  });

  await page.getByTestId('audit-refresh').click();
  await expect(rows(page)).toHaveCount(3);
  // Newest first: the save, then the second creation, then the first.
  await expect(rows(page).nth(0)).toHaveAttribute('data-action', 'topology.save');
  await expect(rows(page).nth(1)).toHaveAttribute('data-entity-id', second.id);
  await expect(rows(page).nth(2)).toHaveAttribute('data-entity-id', first.id);
  await expect(page.getByTestId('audit-end')).toContainText('Start of the audit log');

  // Filters combine: entity, then action.
  await page.getByTestId('audit-filter-entity').fill('topology');
  await settled(page);
  await expect(rows(page)).toHaveCount(3);
  await page.getByTestId('audit-filter-action').fill('topology.create');
  await page.getByTestId('audit-filter-action').press('Enter');
  await settled(page);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).nth(0)).toHaveAttribute('data-entity-id', second.id);

  await page.getByTestId('audit-filter-entity').fill('setting');
  await settled(page);
  await expect(page.getByTestId('audit-no-match')).toContainText('No entry matches the filters');

  // A range that ends before it starts is said, not asked.
  await page.getByTestId('audit-filter-from').fill('2026-12-05');
  await page.getByTestId('audit-filter-to').fill('2026-12-01');
  await expect(page.getByTestId('audit-filter-problem')).toContainText('after');
  await page.getByTestId('audit-filter-from').fill('');
  await page.getByTestId('audit-filter-to').fill('');
  await expect(page.getByTestId('audit-filter-problem')).toHaveCount(0);

  await page.getByTestId('audit-filter-entity').fill('topology');
  await settled(page);
  await expect(rows(page)).toHaveCount(2);

  // Away and back: the filter and what it shows stay.
  await page.getByTestId('nav-planner').click();
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-filter-entity')).toHaveValue('topology');
  await expect(page.getByTestId('audit-filter-action')).toHaveValue('topology.create');
  await settled(page);
  await expect(rows(page)).toHaveCount(2);

  // A row opens from the keyboard and shows the new value, the tenant and the client address.
  const toggle = rows(page).nth(0).getByTestId('audit-row-toggle');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const detail = page.getByTestId('audit-row-detail');
  await expect(detail).toHaveCount(1);
  await expect(detail.getByTestId('audit-detail-old')).toContainText('Nothing before');
  await expect(detail.getByTestId('audit-detail-new')).toContainText('"name": "Audit second"');
  await expect(detail.getByTestId('audit-detail-tenant')).toHaveText('default');
  await expect(detail.getByTestId('audit-detail-client')).not.toBeEmpty();

  const found: string[] = [];
  await scanInBothThemes(page, 'audit page with an open row', found);
  expectNoViolations(found);

  await page.keyboard.press('Space');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('audit-row-detail')).toHaveCount(0);

  // Clear filters shows everything again.
  await page.getByTestId('audit-clear-filters').click();
  await settled(page);
  await expect(rows(page)).toHaveCount(3);
  await expect(page.getByTestId('audit-filter-entity')).toHaveValue('');
});

test('pages back with "Load older" and exports every matching entry as JSON lines, oldest first', async ({ page, nimbus }) => {
  const created: Topology[] = [];
  // 110 creations and a few saves: more than the table's first page of 100.
  for (let batch = 0; batch < 11; batch += 1) {
    const names = Array.from({ length: 10 }, (_, index) => `Paged ${batch * 10 + index}`);
    created.push(...(await Promise.all(names.map((name) => callApi<Topology>(nimbus.url, 'createTopology', { name })))));
  }
  for (const topology of created.slice(0, 3))
    await callApi(nimbus.url, 'saveTopology', { id: topology.id, expectedRevision: topology.revision, document: topology.document });

  await page.goto('/#/audit');
  await expect(rows(page)).toHaveCount(100);
  await expect(rows(page).nth(0)).toHaveAttribute('data-action', 'topology.save');
  await expect(page.getByTestId('audit-end')).toHaveCount(0);
  await page.getByTestId('audit-load-older').click();
  await expect(rows(page)).toHaveCount(113);
  await expect(page.getByTestId('audit-end')).toContainText('all 113 entries shown');
  await expect(page.getByTestId('audit-load-older')).toHaveCount(0);
  const ids = await rows(page).evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-id'))));
  expect(new Set(ids).size).toBe(113);
  expect(ids).toEqual([...ids].sort((a, b) => b - a));

  // Everything, oldest first.
  const allDownload = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const all = await allDownload;
  expect(all.suggestedFilename()).toMatch(/^nimbus-audit-.*\.jsonl$/);
  const allText = await readFile(await all.path(), 'utf8');
  expect(allText.endsWith('\n')).toBe(true);
  const allLines = allText
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditLine);
  expect(allLines).toHaveLength(113);
  expect(allLines.map((line) => line.id)).toEqual([...ids].reverse());
  // The first batch was created in parallel: its ten creations come first, in whatever order they landed.
  const firstBatch = new Set(created.slice(0, 10).map((topology) => topology.id));
  expect(allLines.slice(0, 10).every((line) => line.action === 'topology.create' && firstBatch.has(line.entityId))).toBe(true);

  // Only what the filter matches.
  await page.getByTestId('audit-filter-action').fill('topology.save');
  await page.getByTestId('audit-filter-action').press('Enter');
  await settled(page);
  await expect(rows(page)).toHaveCount(3);
  const savesDownload = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const saves = (await readFile(await (await savesDownload).path(), 'utf8'))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditLine);
  expect(saves.map((line) => [line.action, line.entityId])).toEqual(created.slice(0, 3).map((topology) => ['topology.save', topology.id]));
});
