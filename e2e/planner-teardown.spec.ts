import type { Page } from '@playwright/test';
import { callApi } from './api-client.js';
import { expect, test } from './fixtures.js';

// A gesture on the canvas takes down what it added to the page when it ends: listeners on the window
// and the document, animation frames, intervals and resize observers. Using the canvas again and
// again must not leave more behind each time. (Destroying the editor is checked in
// create-planner-editor.test.ts.)

test.use({ viewport: { width: 1400, height: 900 } });

interface Held {
  listeners: string[];
  frames: number;
  intervals: number;
  observers: number;
}

declare global {
  interface Window {
    __held?: () => Held;
  }
}

/** Counts what the page holds on the window and document, installed before any app code runs. */
function countHeld(): void {
  const listeners = new Map<EventTarget, Map<unknown, Set<string>>>();
  const key = (type: string, options: unknown) =>
    `${type}:${typeof options === 'boolean' ? options : (options as { capture?: boolean } | undefined)?.capture === true}`;
  for (const target of [window, document] as EventTarget[]) {
    const byListener = new Map<unknown, Set<string>>();
    listeners.set(target, byListener);
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    target.addEventListener = (
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) => {
      if (listener && !(typeof options === 'object' && options.once)) {
        const keys = byListener.get(listener) ?? new Set<string>();
        keys.add(key(type, options));
        byListener.set(listener, keys);
      }
      add(type, listener, options);
    };
    target.removeEventListener = (
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | EventListenerOptions,
    ) => {
      const keys = listener ? byListener.get(listener) : undefined;
      keys?.delete(key(type, options));
      if (keys?.size === 0) byListener.delete(listener);
      remove(type, listener, options);
    };
  }
  const frames = new Set<number>();
  const request = window.requestAnimationFrame.bind(window);
  const cancel = window.cancelAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => {
    const handle = request((time) => {
      frames.delete(handle);
      callback(time);
    });
    frames.add(handle);
    return handle;
  };
  window.cancelAnimationFrame = (handle) => {
    frames.delete(handle);
    cancel(handle);
  };
  const intervals = new Set<number>();
  const setInterval = window.setInterval.bind(window);
  const clearInterval = window.clearInterval.bind(window);
  window.setInterval = ((handler: TimerHandler, timeout?: number, ...rest: unknown[]) => {
    const handle = setInterval(handler, timeout, ...rest);
    intervals.add(handle);
    return handle;
  }) as typeof window.setInterval;
  window.clearInterval = ((handle?: number) => {
    if (handle !== undefined) intervals.delete(handle);
    clearInterval(handle);
  }) as typeof window.clearInterval;
  let observers = 0;
  const Observer = window.ResizeObserver;
  window.ResizeObserver = class extends Observer {
    private watching = 0;
    override observe(target: Element, options?: ResizeObserverOptions): void {
      if (this.watching === 0) observers += 1;
      this.watching += 1;
      super.observe(target, options);
    }
    override disconnect(): void {
      if (this.watching > 0) observers -= 1;
      this.watching = 0;
      super.disconnect();
    }
  };
  window.__held = () => ({
    listeners: [...listeners.values()].flatMap((byListener) => [...byListener.values()].flatMap((keys) => [...keys])).sort(),
    frames: frames.size,
    intervals: intervals.size,
    observers,
  });
}

const chain = {
  schemaVersion: 1,
  nodes: [
    { id: 'net', label: 'network-1', component: 'local-network@1', position: { x: 0, y: 0 } },
    { id: 'vm', label: 'vm-1', component: 'local-vm@1', position: { x: 400, y: 0 }, params: { cores: 2 } },
    { id: 'dns', label: 'dns-1', component: 'local-dns@1', position: { x: 800, y: 0 } },
  ],
  wires: [{ id: 'net-vm', source: { node: 'net', port: 'network_id' }, target: { node: 'vm', port: 'network_id' } }],
  frames: [{ id: 'frame', label: 'Frame 1', position: { x: -40, y: -72 }, size: { width: 720, height: 400 } }],
};

/** Uses the canvas: selects, pans, drags a node and a frame, opens and closes the context menu, moves with the keys. */
async function useCanvas(page: Page): Promise<void> {
  const nodes = page.getByTestId('planner-node');
  await nodes.first().getByTestId('planner-node-label').click();
  const canvas = page.getByTestId('planner-canvas');
  const area = await canvas.boundingBox();
  if (!area) throw new Error('no canvas');
  const drag = async (from: { x: number; y: number }, by: { x: number; y: number }) => {
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 4 });
    await page.mouse.up();
  };
  // A pan there and back, so the nodes stay in view round after round.
  const empty = { x: area.x + area.width / 2, y: area.y + area.height - 40 };
  await drag(empty, { x: 100, y: -50 });
  await drag({ x: empty.x + 100, y: empty.y - 50 }, { x: -100, y: 50 });
  const label = await nodes.last().getByTestId('planner-node-label').boundingBox();
  if (label) await drag({ x: label.x + 5, y: label.y + 5 }, { x: 30, y: 20 });
  const bar = await page.getByTestId('planner-frame').first().locator('.planner-frame__bar').boundingBox();
  if (bar) await drag({ x: bar.x + 10, y: bar.y + 5 }, { x: 20, y: 20 });
  await page.mouse.click(empty.x, empty.y, { button: 'right' });
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
}

/** What the page holds once it has settled (pending frames run, nothing else moving). */
async function settled(page: Page): Promise<Held> {
  await page.waitForTimeout(600);
  return page.evaluate(() => window.__held!());
}

test('gestures on the canvas leave no listeners, frames, intervals or observers behind', async ({ page, nimbus }) => {
  await page.addInitScript(countHeld);
  const topology = await callApi<{ id: string }>(nimbus.url, 'createTopology', { name: 'Gestures', document: chain });
  await page.goto(`/#/planner/${topology.id}`);
  await expect(page.getByTestId('planner-node')).toHaveCount(3);
  // Once, so whatever the first use loads for good is in the baseline.
  await useCanvas(page);
  const before = await settled(page);
  expect(before.listeners.length).toBeGreaterThan(0);

  for (let round = 0; round < 2; round += 1) await useCanvas(page);
  const after = await settled(page);

  expect(after.listeners).toEqual(before.listeners);
  expect(after.frames).toBe(before.frames);
  expect(after.intervals).toBe(before.intervals);
  expect(after.observers).toBe(before.observers);
});
