import type { Locator, Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { exampleStackDocument } from './example-stacks.js';
import { expect, test } from './fixtures.js';
import { killLeftoverProcesses } from './leftover-processes.js';

// The state machine diagram as people read it: at fit no transition label covers a state, Ctrl+wheel
// zooms around the point under the pointer, and on an instance's page the current state is marked
// apart from the initial one (not by colour alone).

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function boxes(locator: Locator): Promise<{ name: string; box: Box }[]> {
  return locator.evaluateAll((elements) =>
    elements.map((element) => {
      const rect = element.getBoundingClientRect();
      return {
        name: element.closest('[data-testid]')?.getAttribute('data-testid') ?? '',
        box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
      };
    }),
  );
}

/** Labels drawn over states, as "label over state", measured on screen. */
async function labelsOverStates(page: Page): Promise<string[]> {
  const labels = await boxes(page.locator('[data-testid^="transition-"] .transition-edge__label-box'));
  const states = await boxes(page.locator('[data-testid^="state-node-"] .state-node__box'));
  expect(labels.length).toBeGreaterThan(10);
  expect(states.length).toBe(8);
  return labels.flatMap((label) =>
    states.filter((state) => overlaps(label.box, state.box)).map((state) => `${label.name} over ${state.name}`),
  );
}

async function seed(baseUrl: string): Promise<void> {
  await callApi(baseUrl, 'createStack', { name: 'ha-web', document: exampleStackDocument('ha-web.stack.yaml') });
  await callApi(baseUrl, 'publishStack', { name: 'ha-web', changelog: 'First version' });
}

test('at fit no transition label covers a state, and Ctrl+wheel zooms around the pointer', async ({ page, nimbus }) => {
  await seed(nimbus.url);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/#/stacks/ha-web');
  await page.getByTestId('stack-tab-machine').click();
  const svg = page.getByTestId('state-diagram-canvas').locator('svg');
  await expect(svg).toHaveAttribute('data-zoom', 'fit');
  expect(await labelsOverStates(page)).toEqual([]);

  // Point at the right part of `degraded` (away from the canvas' middle) and zoom in and out there.
  const degraded = page.getByTestId('state-node-degraded').locator('.state-node__box');
  const start = (await degraded.boundingBox())!;
  const pointer = { x: start.x + start.width * 0.8, y: start.y + start.height * 0.3 };
  await page.mouse.move(pointer.x, pointer.y);
  const where = async () => {
    const box = (await degraded.boundingBox())!;
    return { u: (pointer.x - box.x) / box.width, v: (pointer.y - box.y) / box.height, width: box.width };
  };
  let previous = await where();
  for (const delta of [-100, -100, -100, 100]) {
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, delta);
    await page.keyboard.up('Control');
    await expect.poll(async () => (await where()).width).not.toBeCloseTo(previous.width, 0);
    const now = await where();
    // The same point of the state is still under the pointer.
    expect(now.u).toBeCloseTo(0.8, 1);
    expect(now.v).toBeCloseTo(0.3, 1);
    previous = now;
  }
  expect(previous.width).toBeGreaterThan(start.width * 1.5);
  await expect(page.getByTestId('state-node-degraded')).toBeVisible();
  // Back to fit, everything in view again.
  await page.getByTestId('diagram-zoom-fit').click();
  await expect(svg).toHaveAttribute('data-zoom', 'fit');
  expect(await labelsOverStates(page)).toEqual([]);
});

test('an instance’s current state is marked apart from the initial state, by a badge and not by colour alone', async ({ page, nimbus }) => {
  await seed(nimbus.url);
  // A landing zone without an IPAM pool: the deploy fails while resolving, before anything runs, and
  // the instance rests in `failed`.
  await callApi(nimbus.url, 'createLandingZone', { name: 'bare', provider: 'local', resolverConfig: {} });
  await callApi(nimbus.url, 'createEnvironment', { name: 'bare-env', landingZone: 'bare' });
  const instance = await callApi<{ id: string }>(nimbus.url, 'deployStack', { stack: 'ha-web', environment: 'bare-env', name: 'web' });
  try {
    await page.goto(`/#/instances/${instance.id}`);
    const detail = page.getByTestId('instance-detail');
    const current = detail.locator('[data-testid^="state-node-"][data-current="true"]');
    await expect(current).toHaveCount(1);
    await expect(current).not.toHaveAttribute('data-testid', 'state-node-new', { timeout: 60_000 });
    const name = ((await current.getAttribute('data-testid')) ?? '').replace('state-node-', '');

    // The current state carries a text badge and says so in its name; the initial one has its entry arrow and no badge.
    await expect(detail.getByTestId(`state-current-badge-${name}`)).toHaveText('CURRENT');
    await expect(current).toHaveAttribute('aria-label', new RegExp(`State ${name}.*current`));
    const initial = detail.getByTestId('state-node-new');
    await expect(initial.getByTestId('state-initial-new')).toBeVisible();
    await expect(initial.locator('.state-node__badge')).toHaveCount(0);
    await expect(current.getByTestId(`state-initial-${name}`)).toHaveCount(0);

    // And the outlines differ: another colour and another width.
    const outline = (node: Locator) =>
      node
        .locator('.state-node__box')
        .evaluate((element) => ({ stroke: getComputedStyle(element).stroke, width: getComputedStyle(element).strokeWidth }));
    const currentOutline = await outline(current);
    const initialOutline = await outline(initial);
    expect(currentOutline.stroke).not.toBe(initialOutline.stroke);
    expect(currentOutline.width).not.toBe(initialOutline.width);
  } finally {
    killLeftoverProcesses(nimbus);
  }
});
