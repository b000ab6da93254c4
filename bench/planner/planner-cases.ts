import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import type { CaseOutcome } from '../support/case-result.js';
import { digest } from '../support/measure.js';
import { CHROMIUM_ARGS, chromiumPath, VIEWPORT } from './chromium.js';
import { frameStats, type FrameStats } from './frame-stats.js';
import { generatePlannerTopology } from './generate-planner-topology.js';
import {
  afterTwoFrames,
  allNodesPresent,
  collectFrames,
  emptyCanvasPoint,
  installFrameRecorder,
  markLayout,
  renderedCounts,
  waitForLayoutToSettle,
  watchNodeCount,
} from './page-probes.js';
import { startPlannerServer } from './planner-server.js';
import { dragCanvas, wheelZoom } from './pointer-gestures.js';

const PAN_MS = 3_000;
const ZOOM_MS = 2_000;
const OPEN_TIMEOUT_MS = 180_000;
/** A command (auto-arrange) is done once no node moved for this long; its time is up to the last move. */
const COMMAND_QUIET_MS = 1_000;
/** A command that moved no node this long after it ran is taken to move nothing. */
const COMMAND_START_MS = 20_000;
const COMMAND_TIMEOUT_MS = 120_000;
/** Lets the canvas finish what follows a load (fit to view, the first change notification) before a gesture. */
const SETTLE_MS = 1_000;

type Metrics = Record<string, number>;

async function pageMetrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((metric) => [metric.name, metric.value]));
}

/**
 * Main-thread time per frame over a gesture, split the way Chromium's own counters split it
 * (Performance.getMetrics, in seconds): script, style recalculation, layout, and the rest of each
 * task (hit testing, paint, layerization and commit).
 */
function perFrame(before: Metrics, after: Metrics, frames: number): Record<string, number> {
  const ms = (name: string) => (((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / Math.max(frames, 1);
  const task = ms('TaskDuration');
  const script = ms('ScriptDuration');
  const style = ms('RecalcStyleDuration');
  const layout = ms('LayoutDuration');
  return { Task: task, Script: script, Style: style, Layout: layout, Other: Math.max(0, task - script - style - layout) };
}

/** Records frames while `gesture` runs; returns the frames' statistics and their main-thread split. */
async function measureGesture(
  page: Page,
  cdp: CDPSession,
  gesture: () => Promise<number>,
): Promise<{ stats: FrameStats; events: number; split: Record<string, number> }> {
  const before = await pageMetrics(cdp);
  await page.evaluate(installFrameRecorder);
  const events = await gesture();
  const recorded = await page.evaluate(collectFrames);
  const after = await pageMetrics(cdp);
  const stats = frameStats(recorded.frames, recorded.frameWork);
  return { stats, events, split: perFrame(before, after, stats.frames) };
}

const prefixed = (prefix: string, values: Record<string, number>) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [`${prefix}${key}`, value]));

/**
 * Runs the command the palette finds for `query` whose title matches `title` (the search is fuzzy, so
 * the first hit may be another command), and times it until no node has moved for a second. Returns
 * null when no such command exists. Auto-arrange uses it; any command that moves nodes or the view can.
 */
export async function timePaletteCommand(
  page: Page,
  query: string,
  title: RegExp,
): Promise<{ title: string; ms: number | null; note: string } | null> {
  await page.keyboard.press('Control+Shift+P');
  const palette = page.getByTestId('command-palette-dialog');
  await palette.waitFor({ state: 'visible', timeout: 10_000 });
  await palette.getByRole('combobox', { name: 'Search commands' }).fill(query);
  const option = palette.getByRole('option').filter({ hasText: title }).first();
  const found = await option.waitFor({ state: 'visible', timeout: 2_000 }).then(
    () => true,
    () => false,
  );
  if (!found) {
    await page.keyboard.press('Escape');
    return null;
  }
  const shownTitle = (await option.innerText()).replace(/\s+/g, ' ').trim();
  if ((await option.getAttribute('aria-disabled')) === 'true') {
    await page.keyboard.press('Escape');
    return { title: shownTitle, ms: null, note: 'disabled' };
  }
  // Hovering selects it in the list, then Enter runs the selected command.
  await option.hover();
  await page.evaluate(markLayout);
  await page.keyboard.press('Enter');
  const settled = await page.evaluate(waitForLayoutToSettle, {
    quietMs: COMMAND_QUIET_MS,
    startMs: COMMAND_START_MS,
    timeoutMs: COMMAND_TIMEOUT_MS,
  });
  if (settled.timedOut) return { title: shownTitle, ms: settled.settledMs, note: `still moving after ${COMMAND_TIMEOUT_MS / 1000} s` };
  if (settled.settledMs === null) return { title: shownTitle, ms: null, note: `ran, moved nothing in ${COMMAND_START_MS / 1000} s` };
  return { title: shownTitle, ms: settled.settledMs, note: `${settled.changedFrames} frames with movement` };
}

/**
 * The planner canvas in headless Chromium with a generated `nodes`-node topology (about 1.5 wires per
 * node), served by `nimbus serve` from its own data directory:
 * - open: from navigating to `#/planner/<id>` (app already in the HTTP cache) until every node is in the
 *   DOM and two more frames have run (in-page clock, from navigation start);
 * - pan: a 3 s drag on empty canvas, zoom: 2 s of wheel steps over its centre; frame intervals and
 *   main-thread time per frame from an injected rAF loop;
 * - auto-arrange from the command palette, if the planner has such a command yet;
 * - JS heap after a forced GC, and the DOM size, right after opening.
 * Fails unless every node and wire was drawn; page errors are reported beside the figures.
 */
export async function runPlannerCase(nodes: number): Promise<CaseOutcome> {
  const document = generatePlannerTopology(nodes);
  const server = await startPlannerServer(document, `planner-${nodes}`);
  const browser = await chromium
    .launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true })
    .catch(async (error: unknown) => {
      await server.dispose();
      throw error;
    });
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    // Load the app once so the open below finds its code in the HTTP cache, as a second visit would.
    await page.goto(`${server.signInUrl}#/settings`);
    await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 30_000 });
    await page.goto('about:blank');

    await page.addInitScript(watchNodeCount, nodes);
    const wallStart = performance.now();
    await page.goto(`${server.url}#/planner/${encodeURIComponent(server.topologyId)}`);
    await page.waitForFunction(allNodesPresent, undefined, { polling: 'raf', timeout: OPEN_TIMEOUT_MS });
    const opened = await page.evaluate(afterTwoFrames);
    const openWallMs = performance.now() - wallStart;
    const rendered = await page.evaluate(renderedCounts);

    await cdp.send('HeapProfiler.collectGarbage');
    const afterOpen = await pageMetrics(cdp);
    await sleep(SETTLE_MS);

    const point = await page.evaluate(emptyCanvasPoint);
    if (!point) throw new Error('no empty spot on the canvas to drag from');
    const pan = await measureGesture(page, cdp, () => dragCanvas(cdp, point, PAN_MS));
    await sleep(SETTLE_MS);
    const canvas = await page.getByTestId('planner-canvas').boundingBox();
    if (!canvas) throw new Error('the canvas is not visible');
    const centre = { x: canvas.x + canvas.width / 2, y: canvas.y + canvas.height / 2 };
    const zoom = await measureGesture(page, cdp, () => wheelZoom(cdp, centre, ZOOM_MS));
    await sleep(SETTLE_MS);
    const arrange = await timePaletteCommand(page, 'arrange', /arrange/i);

    if (rendered.nodes !== document.nodes.length || rendered.wires !== document.wires.length) {
      throw new Error(`drew ${rendered.nodes} nodes and ${rendered.wires} wires of ${document.nodes.length} and ${document.wires.length}`);
    }

    const mb = (bytes: number | undefined) => Math.round(((bytes ?? 0) / (1024 * 1024)) * 10) / 10;
    const parts: Record<string, number> = {
      open: opened.settledAt,
      openWall: openWallMs,
      firstNode: opened.firstNodeAt,
      allNodes: opened.allNodesAt,
      wires: document.wires.length,
      heapMb: mb(afterOpen.JSHeapUsedSize),
      domNodes: afterOpen.Nodes ?? 0,
      elements: rendered.elements,
      panEvents: pan.events,
      zoomEvents: zoom.events,
      ...prefixed('pan.', { ...pan.stats }),
      ...prefixed('pan.ms', pan.split),
      ...prefixed('zoom.', { ...zoom.stats }),
      ...prefixed('zoom.ms', zoom.split),
      ...(arrange && arrange.ms !== null ? { arrange: arrange.ms } : {}),
    };
    return {
      count: nodes,
      ms: opened.settledAt,
      digest: digest([document]),
      checks: [
        `${document.wires.length} wires`,
        `drew ${rendered.nodes} nodes, ${rendered.wires} wires`,
        arrange === null ? 'auto-arrange: not available yet' : `auto-arrange: "${arrange.title}" ${arrange.note}`,
        problems.length === 0 ? 'no page errors' : `${problems.length} page errors, first: ${problems[0]!.slice(0, 200)}`,
        `Chromium ${browser.version()}`,
      ],
      parts,
    };
  } finally {
    await browser.close();
    await server.dispose();
  }
}
