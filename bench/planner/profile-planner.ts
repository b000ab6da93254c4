/**
 * Profiles the planner canvas opening and panning a generated topology, to show where the time goes.
 * Usage: node dist/bench/planner/profile-planner.js [NODES=1000] [--out DIR] after `npm run build`.
 *
 * Builds the renderer once more without minification and with source maps into a temporary folder
 * (function names stay readable and every frame maps back to its package or source file), serves it
 * with the engine in this process, and in headless Chromium records, for opening the topology (an
 * in-app navigation from Settings to `#/planner/<id>`) and for a 3 s pan:
 * - a V8 CPU profile (CDP Profiler), summarised by function and by package, self and total time;
 * - a Chromium trace, summarised as self time per thread and event (Paint, Layout, RasterTask, …).
 * Writes `open.cpuprofile`, `pan.cpuprofile` and the traces (`*.trace.json`, for DevTools' Performance
 * panel) to DIR (default test-results/planner-profile). Profiling slows the page; its times are for
 * attribution, the benchmark's for the figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import type { Profiler } from 'node:inspector';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { createEngine, type Engine } from '../../engine/engine.js';
import { appRoot } from '../../engine/paths.js';
import { startServer, type RunningServer } from '../../engine/server/http-server.js';
import { tempDir } from '../../engine/test-support/temp-dir.js';
import { formatMs, renderTable } from '../support/format.js';
import { CHROMIUM_ARGS, chromiumMissing, chromiumPath, VIEWPORT } from './chromium.js';
import { frameStats } from './frame-stats.js';
import { generatePlannerTopology } from './generate-planner-topology.js';
import {
  afterTwoFrames,
  allNodesPresent,
  collectFrames,
  emptyCanvasPoint,
  installFrameRecorder,
  navigateInApp,
  watchNodeCount,
} from './page-probes.js';
import { summariseCpuProfile, summariseTrace, type SourceResolver, type TraceEvent } from './profile-analysis.js';
import { dragCanvas } from './pointer-gestures.js';

const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink.user_timing',
  'v8.execute',
  'cc',
  'viz',
];
const SAMPLING_INTERVAL_US = 250;
const PAN_MS = 3_000;
const TOP = 20;

function parseArgs(argv: string[]): { nodes: number; outDir: string } {
  let nodes = 1_000;
  let outDir = path.join(appRoot(), 'test-results', 'planner-profile');
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') outDir = path.resolve(argv[++i] ?? outDir);
    else nodes = Number(argv[i]);
  }
  if (!Number.isInteger(nodes) || nodes <= 0) throw new Error('usage: node dist/bench/planner/profile-planner.js [NODES] [--out DIR]');
  return { nodes, outDir };
}

/** The renderer as `npm run build` makes it, but readable: no minification, with source maps. */
function buildReadableRenderer(outDir: string): void {
  const vite = path.join(appRoot(), 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(
    process.execPath,
    [vite, 'build', '--minify', 'false', '--sourcemap', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'],
    {
      cwd: appRoot(),
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) throw new Error(`vite build failed:\n${built.stderr || built.stdout}`);
}

/** Maps bundle positions to sources with the bundle's own `.js.map` files, loaded once each. */
function sourceResolver(staticDir: string): SourceResolver {
  const maps = new Map<string, SourceMap | null>();
  return (url, line, column) => {
    let map = maps.get(url);
    if (map === undefined) {
      const file = path.join(staticDir, new URL(url).pathname);
      map = existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload) : null;
      maps.set(url, map);
    }
    const entry = map?.findEntry(line, column);
    if (!entry || !('originalSource' in entry)) return null;
    // Sources are relative to the map's folder (or file: URLs); show them relative to the repository.
    const original = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : path.resolve(staticDir, path.dirname(new URL(url).pathname.slice(1)), entry.originalSource);
    return { source: path.relative(appRoot(), original), line: entry.originalLine };
  };
}

/** Runs `work` under the page's CPU profiler and a browser-wide Chromium trace. */
async function profiled<T>(
  browser: Browser,
  page: Page,
  cdp: CDPSession,
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; profile: Profiler.Profile; trace: TraceEvent[] }> {
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await cdp.send('Profiler.start');
  const started = performance.now();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await cdp.send('Profiler.stop').catch(() => undefined);
    await browser.stopTracing().catch(() => undefined);
    throw error;
  }
  const ms = performance.now() - started;
  const { profile } = await cdp.send('Profiler.stop');
  const parsed = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return { result, ms, profile: profile as Profiler.Profile, trace: Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []) };
}

function report(label: string, run: { ms: number; profile: Profiler.Profile; trace: TraceEvent[] }, resolve: SourceResolver): string[] {
  const ms = (value: number) => value.toFixed(0);
  const trace = summariseTrace(run.trace);
  const busy = [...trace.threadBusyMs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  const cpu = summariseCpuProfile(run.profile, resolve);
  const functions = cpu.functions.filter((share) => !['(idle)', '(program)', '(root)'].includes(share.name));
  const byTotal = [...functions]
    .sort((a, b) => b.totalMs - a.totalMs)
    .filter((share) => !share.name.startsWith('('))
    .slice(0, TOP);
  return [
    `== ${label}: ${formatMs(run.ms)} wall`,
    'Busy time per thread (top-level trace events):',
    renderTable(
      ['thread', 'busy ms'],
      busy.map(([thread, value]) => [thread, ms(value)]),
    ),
    'Self time per trace event:',
    renderTable(
      ['thread', 'event', 'self ms', 'count'],
      trace.shares.slice(0, TOP).map((share) => [share.thread, share.event, ms(share.selfMs), String(share.count)]),
    ),
    `CPU profile of the page (${ms(cpu.sampledMs)} ms sampled), by package or folder:`,
    renderTable(
      ['area', 'self ms', 'total ms'],
      cpu.areas.slice(0, 12).map((share) => [share.name, ms(share.selfMs), ms(share.totalMs)]),
    ),
    'Functions by self time:',
    renderTable(
      ['function', 'self ms', 'total ms'],
      functions.slice(0, TOP).map((share) => [share.name, ms(share.selfMs), ms(share.totalMs)]),
    ),
    'Functions by total time:',
    renderTable(
      ['function', 'self ms', 'total ms'],
      byTotal.map((share) => [share.name, ms(share.selfMs), ms(share.totalMs)]),
    ),
  ];
}

async function main(): Promise<void> {
  const { nodes, outDir } = parseArgs(process.argv.slice(2));
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const build = tempDir('nimbus-bench-profile-renderer-');
  const data = tempDir('nimbus-bench-profile-data-');
  let engine: Engine | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  try {
    process.stderr.write('building a readable renderer …\n');
    buildReadableRenderer(build.dir);
    const document = generatePlannerTopology(nodes);
    engine = await createEngine({ dataDir: data.dir });
    const created = await engine.dispatcher.dispatch('createTopology', { name: `profile ${nodes}`, document });
    if (!created.ok) throw new Error(`createTopology failed: ${created.error.message}`);
    const topologyId = (created.result as { id: string }).id;
    server = await startServer({ engine, port: 0, staticDir: build.dir });

    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    const base = server.url.endsWith('/') ? server.url : `${server.url}/`;
    await page.goto(`${base}?token=${engine.ownerToken()}#/settings`);
    await page.locator('[data-testid="status-connection"][data-state="open"]').waitFor({ timeout: 30_000 });

    process.stderr.write(`profiling the open of ${nodes} nodes …\n`);
    await page.evaluate(watchNodeCount, nodes);
    const open = await profiled(browser, page, cdp, async () => {
      const navigatedAt = await page.evaluate(navigateInApp, `#/planner/${encodeURIComponent(topologyId)}`);
      await page.waitForFunction(allNodesPresent, undefined, { polling: 'raf', timeout: 300_000 });
      const { allNodesAt } = await page.evaluate(afterTwoFrames);
      return allNodesAt - navigatedAt;
    });
    await sleep(1_000);

    process.stderr.write('profiling a pan …\n');
    const point = await page.evaluate(emptyCanvasPoint);
    if (!point) throw new Error('no empty spot on the canvas to drag from');
    const pan = await profiled(browser, page, cdp, async () => {
      await page.evaluate(installFrameRecorder);
      await dragCanvas(cdp, point, PAN_MS);
      return page.evaluate(collectFrames);
    });

    mkdirSync(outDir, { recursive: true });
    for (const [name, run] of [
      ['open', open],
      ['pan', pan],
    ] as const) {
      writeFileSync(path.join(outDir, `${name}.cpuprofile`), JSON.stringify(run.profile));
      writeFileSync(path.join(outDir, `${name}.trace.json`), JSON.stringify({ traceEvents: run.trace }));
    }
    const resolve = sourceResolver(build.dir);
    const frames = frameStats(pan.result.frames, pan.result.frameWork);
    process.stdout.write(
      [
        `Planner profile, ${nodes} nodes, ${document.wires.length} wires, Chromium ${browser.version()} (--disable-gpu), ${VIEWPORT.width}×${VIEWPORT.height}, unminified build`,
        ...report(`open (in-app, from Settings; all nodes drawn after ${formatMs(open.result)})`, open, resolve),
        '',
        ...report(`pan (${frames.frames} frames, interval p50 ${frames.p50.toFixed(1)} / p95 ${frames.p95.toFixed(1)} ms)`, pan, resolve),
        '',
        `Profiles and traces in ${outDir}`,
      ].join('\n') + '\n',
    );
  } finally {
    await browser?.close();
    await server?.close();
    await engine?.dispose();
    data.remove();
    build.remove();
  }
}

await main();
