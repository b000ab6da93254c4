/**
 * Runs every benchmark case, each in its own Node process (so peak RSS is per case and one case's
 * garbage does not slow the next), and prints compact tables of times, rates and ratios.
 * Usage: npm run bench (builds first), or node dist/bench/run-all.js [ipam|plan|sort|executor|deploy|planner|startup|server|sync|sync-server …]
 * after a build to run only the named sections. The planner section also needs the renderer built
 * (`npm run build`) and Chromium.
 * These are measurements, not tests: nothing fails on time; a case fails only if its checks do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { deployConcurrency, type DeployStrategy } from './deploy/deploy-cases.js';
import { rendererDir } from '../engine/paths.js';
import { locatePulumiCli } from '../engine/pulumi/locate-cli.js';
import { chromiumMissing, VIEWPORT } from './planner/chromium.js';
import { measureStartup } from './startup/startup-cases.js';
import { VSYNC_MS } from './planner/frame-stats.js';
import type { CaseResult } from './support/case-result.js';
import { formatMs, formatRate, formatRatio, renderTable } from './support/format.js';

const IPAM_N = 10_000;
/** The full-scan baseline is quadratic (~25× longer at 10,000); 2,000 keeps the run short. */
const FULL_SCAN_N = 2_000;
const PLAN_SIZES = [100, 1_000];
const DEPLOY_NODES = 8;
/** Nodes in the chain of the executor case, after the fast nodes of the first plan group. */
const EXECUTOR_CHAIN = 10;
const PLANNER_SIZES = [100, 1_000];

const CASE_TIMEOUT_MS = 90_000;
/** A deploy case runs four real Pulumi jobs (warm-up deploy and destroy, then the measured pair). */
const DEPLOY_CASE_TIMEOUT_MS = 15 * 60_000;
/** A planner case opens the topology twice over (warm-up, then measured), pans, zooms and arranges. */
const PLANNER_CASE_TIMEOUT_MS = 10 * 60_000;
/** A server case seeds its database, starts its servers and loads them for 30 s. */
const SERVER_CASE_TIMEOUT_MS = 10 * 60_000;
const runCasePath = fileURLToPath(new URL('./run-case.js', import.meta.url));

function run(id: string, timeout = CASE_TIMEOUT_MS): CaseResult {
  process.stderr.write(`  running ${id} …\n`);
  const child = spawnSync(process.execPath, [runCasePath, id], { encoding: 'utf8', timeout });
  if (child.status !== 0) {
    const why = child.error ? child.error.message : `exit ${child.status ?? child.signal}`;
    throw new Error(`case ${id} failed (${why}):\n${child.stderr.trim()}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as CaseResult;
}

const memory = (result: CaseResult) => [`${result.memory.peakRssMb} MB`, `${result.memory.heapUsedMb} MB`];
const cpu = (result: CaseResult) => (result.cpuMs === undefined ? '' : formatMs(result.cpuMs));
const agree = (label: string, results: CaseResult[]) =>
  `${label}: ${new Set(results.map((r) => r.digest)).size === 1 ? 'identical values' : `DIFFERENT values (${results.map((r) => `${r.id}=${r.digest}`).join(', ')})`}`;

function ipamSection(): string[] {
  const label: Record<string, string> = {
    batch: 'allocateMany (1 transaction)',
    'per-call': 'allocate × N (1 transaction each)',
    'full-scan': 'naive: full read + 1 transaction each',
  };
  const groups = [
    [run(`ipam:batch:${IPAM_N}`), run(`ipam:per-call:${IPAM_N}`)],
    [run(`ipam:batch:${FULL_SCAN_N}`), run(`ipam:per-call:${FULL_SCAN_N}`), run(`ipam:full-scan:${FULL_SCAN_N}`)],
  ];
  const rows = groups.flatMap((group) =>
    group.map((result) => [
      label[result.id.split(':')[1]!]!,
      result.count.toLocaleString('en-US'),
      formatMs(result.ms),
      cpu(result),
      formatRate(result.count, result.ms),
      formatRatio(result.ms, group[0]!.ms),
      result.checks[0]!,
      ...memory(result),
    ]),
  );
  return [
    'IPAM: IPv4 address allocations from one /16, fresh data directory per row, synchronous=FULL',
    renderTable(['variant', 'allocs', 'wall', 'CPU', 'allocs/s', 'vs batch', 'stored', 'peak RSS', 'heap after'], rows),
    ...groups.map((group) => agree(`  ${group[0]!.count} allocations, all variants`, group)),
  ];
}

function planSection(): string[] {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const nodes of PLAN_SIZES) {
    const engine = run(`plan:engine:${nodes}`);
    const naive = run(`plan:naive:${nodes}`);
    const rest = (result: CaseResult) => result.ms - (result.parts?.validate ?? 0);
    for (const result of [engine, naive]) {
      rows.push([
        result === engine ? 'resolveTopology preview' : 'naive: quadratic sort, txn per call',
        String(nodes),
        result.checks[0]!.replace(' wires', ''),
        formatMs(result.ms),
        cpu(result),
        formatMs(result.parts?.validate ?? 0),
        formatMs(rest(result)),
        formatRatio(result.ms, engine.ms),
        formatRatio(rest(result), rest(engine)),
        ...memory(result),
      ]);
    }
    const { sort = 0, resolve = 0, release = 0 } = naive.parts ?? {};
    notes.push(
      agree(`  ${nodes} nodes, engine vs naive`, [engine, naive]),
      `    naive: sort ${formatMs(sort)}, resolution ${formatMs(resolve)}, release ${formatMs(release)}; GC engine ${formatMs(engine.parts?.gc ?? 0)}, naive ${formatMs(naive.parts?.gc ?? 0)}`,
    );
  }
  return [
    'Plan: preview of a generated layered DAG (10 groups), real IPAM/naming/image/secret resolvers',
    renderTable(
      ['variant', 'nodes', 'wires', 'wall', 'CPU', 'validation', 'other', 'vs engine', 'other vs', 'peak RSS', 'heap after'],
      rows,
    ),
    ...notes,
    '  validation: CPU-profiler samples inside engine/components/json-schema.js (resolveNode, and the baseline',
    '  alike; compiled validators are cached per schema); other = wall - validation; GC samples belong to no stack.',
  ];
}

function sortSection(): string[] {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const nodes of PLAN_SIZES) {
    const fast = run(`sort:plan-groups:${nodes}`);
    const slow = run(`sort:quadratic:${nodes}`);
    for (const result of [fast, slow]) {
      rows.push([
        result === fast ? 'planGroups' : 'naive: quadratic scan',
        String(nodes),
        result.checks[0]!.replace(' dependencies', ''),
        formatMs(result.ms),
        formatRatio(result.ms, fast.ms),
      ]);
    }
    notes.push(agree(`  ${nodes} nodes`, [fast, slow]));
  }
  return ['Plan groups alone (median of repeated runs)', renderTable(['sort', 'nodes', 'deps', 'median', 'vs planGroups'], rows), ...notes];
}

function executorSection(): string[] {
  const result = run(`executor:uneven:${EXECUTOR_CHAIN}`);
  const part = (name: string) => result.parts?.[name] ?? 0;
  const bound = Math.max(part('criticalPath'), part('workBound'));
  const rows = [
    ['wave barrier (baseline)', formatMs(part('barrier')), formatMs(part('barrierIdeal')), formatRatio(part('barrier'), bound)],
    ['dependency executor', formatMs(part('executor')), formatMs(bound), formatRatio(part('executor'), bound)],
  ];
  return [
    `Deploy executor: synthetic node runs (timers, no Pulumi), ${result.checks[0]}, 4 at once`,
    renderTable(['schedule', 'wall (median of 3)', 'no-overhead', 'vs lower bound'], rows),
    `  barrier ÷ executor wall time: ${formatRatio(part('barrier'), part('executor'))} (the most any schedule could gain: ${formatRatio(part('barrier'), bound)})`,
    `  lower bound: critical path ${formatMs(part('criticalPath'))} (fast node + chain), total work ÷ 4 = ${formatMs(part('workBound'))}`,
    "  no-overhead: the barrier's sum of each plan group's slowest node; the executor's lower bound.",
    `  ${result.checks[1]}; both run alternately in one process.`,
  ];
}

const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function deploySection(): Promise<string[]> {
  const title = `Deploy: ${DEPLOY_NODES} independent local components (disks and networks, no wires: one plan group), real engine and Pulumi CLI, fresh data directory per row`;
  let version: string;
  try {
    version = (await locatePulumiCli()).version;
  } catch (error) {
    return [title, `  skipped: ${(error as Error).message}`];
  }
  const cpus = os.cpus().length;
  const loadAtStart = loadAverage();
  // NIMBUS_BENCH_DEPLOY=serial,parallel runs only those rows (the single-stack baseline always runs).
  const only = process.env.NIMBUS_BENCH_DEPLOY?.split(',');
  const strategies = (['serial', 'default', 'parallel'] satisfies DeployStrategy[]).filter(
    (strategy) => strategy === 'serial' || !only || only.includes(strategy),
  );
  const results = strategies.map((strategy) => ({
    strategy,
    result: run(`deploy:${strategy}:${DEPLOY_NODES}`, DEPLOY_CASE_TIMEOUT_MS),
  }));
  const single = run(`deploy:single:${DEPLOY_NODES}`, DEPLOY_CASE_TIMEOUT_MS);
  const serial = results[0]!.result;
  const parallel = results.slice(1);
  const part = (result: CaseResult, name: string) => result.parts?.[name];
  const orBlank = (value: number | undefined, format: (value: number) => string) => (value === undefined ? '' : format(value));
  const envConcurrency = process.env.NIMBUS_DEPLOY_CONCURRENCY;
  const label = (strategy: DeployStrategy) =>
    strategy === 'serial'
      ? '1 (serial)'
      : strategy === 'parallel'
        ? `${deployConcurrency(strategy, DEPLOY_NODES)} (one per node)`
        : `engine default${envConcurrency ? ` (NIMBUS_DEPLOY_CONCURRENCY=${envConcurrency})` : ''}`;
  const rows = results.map(({ strategy, result }) => [
    label(strategy),
    formatMs(result.ms),
    formatRatio(serial.ms, result.ms),
    cpu(result),
    orBlank(part(result, 'treeCpu'), formatMs),
    orBlank(part(result, 'treeCpu'), (tree) => (tree / result.ms).toFixed(2)),
    // The /proc counters tick at 10 ms and the difference is clamped at zero: tenths of a second are what it can tell.
    orBlank(part(result, 'otherCpu'), (ms) => `${(ms / 1000).toFixed(1)} s`),
    orBlank(part(result, 'idleShare'), (share) => `${(share * 100).toFixed(0)}%`),
    `${part(result, 'peakOperations') ?? ''} / ${orBlank(part(result, 'meanOperations'), (mean) => mean.toFixed(1))}`,
    formatMs(part(result, 'destroy') ?? 0),
    formatRatio(part(serial, 'destroy') ?? 0, part(result, 'destroy') ?? 0),
    orBlank(part(result, 'childPeakRssMb'), (mb) => `${mb} MB`),
    `${result.memory.peakRssMb} MB`,
  ]);
  const singleTree = part(single, 'treeCpu');
  rows.push([
    'one hand-written stack',
    formatMs(single.ms),
    formatRatio(serial.ms, single.ms),
    cpu(single),
    orBlank(singleTree, formatMs),
    orBlank(singleTree, (tree) => (tree / single.ms).toFixed(2)),
    '',
    '',
    '1 / 1.0',
    formatMs(part(single, 'destroy') ?? 0),
    formatRatio(part(serial, 'destroy') ?? 0, part(single, 'destroy') ?? 0),
    '',
    `${single.memory.peakRssMb} MB`,
  ]);
  const versusSingle = ({ strategy, result }: { strategy: DeployStrategy; result: CaseResult }) => {
    const tree = part(result, 'treeCpu');
    return `    limit ${label(strategy)}: wall ${(result.ms / single.ms).toFixed(2)}× the single stack's${tree !== undefined && singleTree ? `, CPU (+Pulumi) ${(tree / singleTree).toFixed(2)}×` : ''}`;
  };
  const notes = [
    `  Nimbus (one stack per node) against the same ${DEPLOY_NODES} resources as one hand-written Pulumi program in one stack (${formatMs(single.ms)}, same adapter and CLI):`,
    ...results.map(versusSingle),
    `  serial ÷ parallel deploy wall time: ${parallel.map(({ strategy, result }) => `${formatRatio(serial.ms, result.ms)} with limit ${label(strategy)}, ${part(result, 'peakOperations')} at most at once`).join('; ')}`,
    agree(
      `  ${DEPLOY_NODES} nodes, names and CIDRs of all variants`,
      results.map(({ result }) => result),
    ),
    "  serial = the same single job and plan with the engine's operation limiter at 1, so the executor runs one",
    '  Pulumi operation at a time and nothing else differs; deploying the nodes as 8 single-node topologies would',
    "  add 7 more jobs' start-up, locking and resolution to the serial side only.",
  ];
  const serialTree = part(serial, 'treeCpu');
  if (serialTree !== undefined) {
    const busy = serialTree / serial.ms;
    notes.push(
      `  serial: ${formatMs(serial.ms / DEPLOY_NODES)} per operation, ${formatMs(serialTree / DEPLOY_NODES)} of it CPU (engine + Pulumi processes): one core ${(busy * 100).toFixed(0)}% busy,`,
      `  ${(100 - busy * 100).toFixed(0)}% waiting. With ${cpus} CPUs a deploy takes at least its CPU time ÷ ${cpus}, so the ratio is bounded by how much of`,
      "  each Pulumi operation is waiting rather than CPU. Floors from each row's own CPU time:",
      `  ${parallel.map(({ strategy, result }) => `limit ${label(strategy)} ${formatMs((part(result, 'treeCpu') ?? 0) / cpus)}, ratio ≤ ${formatRatio(serial.ms, (part(result, 'treeCpu') ?? 0) / cpus)}`).join('; ')}.`,
    );
  }
  notes.push(
    `  load average ${loadAtStart} before the first row, ${loadAverage()} after the last; Pulumi ${version}`,
    "  CPU: the engine's process; +Pulumi: with the Pulumi processes it ran (its live descendants, the program host among them,",
    '  and every child reaped, /proc/<pid>/stat);',
    '  busy cores = +Pulumi ÷ wall; others: CPU other processes took meanwhile; idle: unused share of all CPUs (/proc/stat).',
    "  ops at once: Pulumi operations the engine's limiter had running, peak / mean over the deploy (sampled every 20 ms).",
    '  Each row first deploys and destroys a disk and a network, untimed (the program host starts, each component version',
    '  is compiled). Destroy at 1 is not strictly serial: the stack checks',
    "  before and after each destroy run outside the limiter. Pulumi RSS: the engine's child processes, sampled every",
    "  200 ms; engine RSS: peak of the engine's Node process over its whole case.",
  );
  return [
    title,
    renderTable(
      [
        'operation limit',
        'deploy',
        'vs serial',
        'CPU',
        '+Pulumi',
        'busy cores',
        'others',
        'idle',
        'ops at once',
        'destroy',
        'vs serial',
        'Pulumi RSS',
        'engine RSS',
      ],
      rows,
    ),
    ...notes,
  ];
}

/** Targets from the product issue, judged at the largest size. */
const PLANNER_TARGETS = { openMs: 1_000, frameMs: 16 };

function plannerSection(): string[] {
  const title =
    'Planner canvas: generated topology (local networks, VMs, two DNS records per VM, disks; 1.5 wires per node) opened through nimbus serve in headless Chromium';
  const renderer = path.join(rendererDir(), 'index.html');
  if (!existsSync(renderer)) return [title, `  skipped: the renderer is not built (${renderer} is missing); run \`npm run build\` first`];
  const noBrowser = chromiumMissing();
  if (noBrowser) return [title, `  skipped: ${noBrowser}`];

  const loads: string[] = [];
  const results = PLANNER_SIZES.map((nodes) => {
    loads.push(loadAverage());
    return run(`planner:canvas:${nodes}`, PLANNER_CASE_TIMEOUT_MS);
  });
  const part = (result: CaseResult, name: string) => result.parts?.[name];
  const frame = (ms: number | undefined) => (ms === undefined ? '' : ms.toFixed(1));
  const pair = (result: CaseResult, gesture: string) =>
    `${frame(part(result, `${gesture}.p50`))} / ${frame(part(result, `${gesture}.p95`))}`;
  const arrange = (result: CaseResult) => {
    const ms = part(result, 'arrange');
    return ms === undefined ? 'n/a' : formatMs(ms);
  };
  const rows = results.map((result) => [
    result.count.toLocaleString('en-US'),
    (part(result, 'wires') ?? 0).toLocaleString('en-US'),
    formatMs(result.ms),
    pair(result, 'pan'),
    pair(result, 'zoom'),
    arrange(result),
    `${part(result, 'heapMb')} MB`,
    (part(result, 'elements') ?? 0).toLocaleString('en-US'),
  ]);
  const [small, large] = [results[0]!, results.at(-1)!];
  const growth = (name: string) => {
    const a = part(small, name);
    const b = part(large, name);
    return a === undefined || b === undefined ? 'n/a' : formatRatio(b, a);
  };
  rows.push([
    `growth ${large.count}/${small.count}`,
    '',
    formatRatio(large.ms, small.ms),
    `${growth('pan.p50')} / ${growth('pan.p95')}`,
    `${growth('zoom.p50')} / ${growth('zoom.p95')}`,
    growth('arrange'),
    growth('heapMb'),
    growth('elements'),
  ]);

  const gestureNote = (result: CaseResult, gesture: 'pan' | 'zoom', events: string) => {
    const split = ['Script', 'Style', 'Layout', 'Other']
      .map((name) => `${name.toLowerCase()} ${frame(part(result, `${gesture}.ms${name}`))}`)
      .join(', ');
    return (
      `  ${gesture} ${result.count.toLocaleString('en-US')}: ${part(result, `${gesture}.frames`)} frames, ${part(result, `${gesture}.missed`)} missed a vsync, max ${frame(part(result, `${gesture}.max`))} ms; ` +
      `main thread per frame p50 ${frame(part(result, `${gesture}.workP50`))} / p95 ${frame(part(result, `${gesture}.workP95`))} ms, on average ${split} ms; ${part(result, `${gesture}Events`)} ${events}`
    );
  };
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
  const panP95 = part(large, 'pan.p95') ?? Infinity;
  const panOnTime = panP95 <= VSYNC_MS * 1.5;
  return [
    title,
    renderTable(['nodes', 'wires', 'open', 'pan p50/p95 ms', 'zoom p50/p95 ms', 'auto-arrange', 'JS heap', 'DOM elements'], rows),
    `  targets at ${large.count.toLocaleString('en-US')} nodes:`,
    `    open under ${formatMs(PLANNER_TARGETS.openMs)}: ${formatMs(large.ms)} ${verdict(large.ms < PLANNER_TARGETS.openMs)}`,
    `    pan p95 frame under ${PLANNER_TARGETS.frameMs} ms: p95 frame interval ${frame(panP95)} ms (${(panP95 / VSYNC_MS).toFixed(1)} vsyncs), main thread p95 ${frame(part(large, 'pan.workP95'))} ms ${verdict(panOnTime)}`,
    ...results.flatMap((result) => [
      gestureNote(result, 'pan', 'mouse moves at 125/s'),
      gestureNote(result, 'zoom', 'wheel steps of 5% at 60/s'),
    ]),
    ...results.map(
      (result, index) =>
        `  ${result.count.toLocaleString('en-US')}: ${result.checks
          .slice(1)
          .filter((check) => !check.startsWith('Chromium'))
          .join('; ')}; ` +
        `first node drawn at ${formatMs(part(result, 'firstNode') ?? 0)}, all at ${formatMs(part(result, 'allNodes') ?? 0)}; ` +
        `${(part(result, 'domNodes') ?? 0).toLocaleString('en-US')} DOM nodes; load average ${loads[index]} before`,
    ),
    '  open: navigation to #/planner/<id> (app already in the HTTP cache) until every node is in the DOM, plus two frames (in-page clock).',
    '  pan/zoom: intervals between frames of an injected rAF loop. Headless Chromium draws at 60 Hz: an interval is a multiple of',
    `  ${VSYNC_MS.toFixed(1)} ms, so the frame target is met when the p95 interval is one vsync (up to 1.5). Main thread: from a frame's start`,
    "  to the end of its style, layout and paint, not rounded to vsyncs; averages from Chromium's Performance.getMetrics counters,",
    '  "other" being hit testing, paint, layerization and commit.',
    `  ${large.checks.find((check) => check.startsWith('Chromium')) ?? 'Chromium'} with --disable-gpu as in the end-to-end tests (compositing and raster in software on the CPU);`,
    `  viewport ${VIEWPORT.width}×${VIEWPORT.height}; JS heap after a forced GC right after opening; no environment, so no plan overlay.`,
    `  Profile the largest size: node dist/bench/planner/profile-planner.js ${large.count}`,
  ];
}

/** Start-up targets: `--version`, a read-only command, and `serve` until it answers. */
const STARTUP_TARGETS: Record<string, number> = {
  'nimbus --version': 150,
  'nimbus catalog list': 400,
  'nimbus serve, until it answers': 700,
};
const STARTUP_RUNS = 7;

async function startupSection(): Promise<string[]> {
  const loadAtStart = loadAverage();
  const results = await measureStartup(STARTUP_RUNS);
  const baseline = results[0]!;
  const rows = results.map((result) => {
    const target = STARTUP_TARGETS[result.label];
    return [
      result.label,
      formatMs(result.medianMs),
      `${formatMs(result.minMs)} – ${formatMs(result.maxMs)}`,
      result.cpuMs === undefined ? '' : formatMs(result.cpuMs),
      result === baseline
        ? ''
        : `${result.medianMs < baseline.medianMs ? '−' : '+'}${formatMs(Math.abs(result.medianMs - baseline.medianMs))}`,
      target === undefined ? '' : `${formatMs(target)} ${result.medianMs < target ? 'PASS' : 'MISS'}`,
    ];
  });
  return [
    `Start-up: spawned processes, median of ${STARTUP_RUNS} runs each after one untimed run (data directory created, file cache warm)`,
    renderTable(['command', 'median', 'range', 'CPU', 'over node', 'target'], rows),
    '  CPU: user + system of the spawned process (reaped children, /proc/self/stat), median. serve: from spawn until it answers',
    '  GET / at the URL it prints. On a loaded machine wall times grow with the load; CPU shows the work itself.',
    `  load average ${loadAtStart} before, ${loadAverage()} after`,
  ];
}

/** The HTTP load: one row per server variant, each in its own process with its own server processes. */
function serverSection(): string[] {
  const variants = [
    ['sqlite', 'single-user engine, SQLite (nimbus serve)'],
    ['postgres-1', 'shared server, PostgreSQL, 1 process'],
    ['postgres-2', 'shared server, PostgreSQL, 2 processes'],
  ] as const;
  const results = variants.map(([variant]) => run(`server:${variant}:50`, SERVER_CASE_TIMEOUT_MS));
  const baseline = results[0]!;
  const part = (result: CaseResult, name: string) => result.parts?.[name] ?? 0;
  const rows = results.map((result, index) => [
    variants[index]![1],
    Math.round(part(result, 'rps')).toLocaleString('en-US'),
    formatMs(part(result, 'p50')),
    formatMs(part(result, 'p95')),
    formatMs(part(result, 'p99')),
    `${(part(result, 'rps') / part(baseline, 'rps')).toFixed(2)}×`,
    part(result, 'p95') < 200 ? 'PASS' : 'MISS',
    result.checks.join('; '),
    `${result.memory.peakRssMb} MB`,
  ]);
  return [
    'HTTP API load: 50 authenticated clients for 30 s on listTopologies, getTopology, listDeployments, getDeployment',
    '  (100 topologies of 100 nodes = 10,000 nodes, 1,000 deployments stored); autocannon in the bench process,',
    '  each server a real process on the same 2-core machine (the load generator takes CPU from it too)',
    renderTable(['server', 'req/s', 'p50', 'p95', 'p99', 'req/s vs SQLite', 'p95 < 200 ms', 'answers', 'bench RSS'], rows),
    `  load average ${loadAverage()} after the last row`,
  ];
}

/** The product's goals for synchronised topology documents, judged at {@link SYNC_NODES} nodes. */
const SYNC_TARGETS = { mergeMs: 500, sizeVsYaml: 3 };
const SYNC_NODES = 1_000;

function syncSection(): string[] {
  const results = [run(`sync:automerge:${SYNC_NODES}`), run(`sync:yjs:${SYNC_NODES}`)];
  const [automerge, yjs] = results as [CaseResult, CaseResult];
  const part = (result: CaseResult, name: string) => result.parts?.[name] ?? 0;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  const label: Record<string, string> = { automerge: 'Automerge 3.5 (engine/sync adapter)', yjs: 'Yjs 13.6 (same document shape)' };
  const rows = results.map((result) => [
    label[result.id.split(':')[1]!]!,
    formatMs(result.ms),
    cpu(result),
    formatRatio(result.ms, yjs.ms),
    kb(part(result, 'docBytes')),
    `${(part(result, 'docBytes') / part(result, 'yamlBytes')).toFixed(2)}×`,
    formatMs(part(result, 'liveMs')),
    formatMs(part(result, 'liveRawMs')),
    `${part(result, 'liveMessageBytes')} B`,
    formatMs(part(result, 'loadMs')),
    `${part(result, 'heapMb')} MB`,
    `${part(result, 'externalMb')} MB`,
  ]);
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
  return [
    `Sync: a ${SYNC_NODES.toLocaleString('en-US')}-node topology (params, positions, ~1.5 wires a node), 3 replicas × 100 offline edits`,
    '  (moves, parameter and label edits, adds, deletes, re-wires; one label and one parameter set on two replicas,',
    '  one node deleted on one and moved on another), then one replica takes the other two (changes since the start)',
    renderTable(
      ['library', 'merge', 'CPU', 'vs Yjs', 'document', 'vs YAML', 'live edit', 'bare change', 'live msg', 'load', 'heap', 'external'],
      rows,
    ),
    ...results.map((result) => `  ${result.id.split(':')[1]}: ${result.checks.join('; ')}`),
    agree('  merged topologies apart from the concurrent edits, both libraries', results),
    `  goals: merge under ${formatMs(SYNC_TARGETS.mergeMs)}: Automerge ${formatMs(automerge.ms)} ${verdict(automerge.ms < SYNC_TARGETS.mergeMs)}, ` +
      `Yjs ${formatMs(yjs.ms)} ${verdict(yjs.ms < SYNC_TARGETS.mergeMs)}; document under ${SYNC_TARGETS.sizeVsYaml}× the YAML: ` +
      results
        .map((result) => {
          const ratio = part(result, 'docBytes') / part(result, 'yamlBytes');
          return `${result.id.split(':')[1]} ${ratio.toFixed(2)}× ${verdict(ratio < SYNC_TARGETS.sizeVsYaml)}`;
        })
        .join(', '),
    `  YAML of the merged topology (yaml package): ${kb(part(automerge, 'yamlBytes'))}; Yjs update V2 encoding: ${kb(part(yjs, 'docBytesV2'))};`,
    `  offline editing (300 edits, untimed above): Automerge ${formatMs(part(automerge, 'editMs'))} (a whole-document save each), Yjs ${formatMs(part(yjs, 'editMs'))}.`,
    '  merge: both messages applied and the topology read back (Automerge: checked by the topology schema, as the adapter',
    '  does; Yjs: the same schema), median of 5 on fresh copies. live edit: one node moved, as the editor saves it (adapter:',
    '  schema check + diff of the whole document) and the message for peers encoded, median of 21; bare change: the same',
    "  move as a library call. heap / external: V8 heap and external memory (Automerge's WebAssembly heap) held by the",
    '  four documents after a forced GC.',
  ];
}

/** The product's goals for a shared server's live edits, judged at {@link SYNC_NODES} nodes. */
const LIVE_TARGETS = { p95Ms: 100, seenMs: 1_000 };
const INITIAL_TOPOLOGIES = 100;
/** A sync case starts a PostgreSQL database and a server process, and runs 40+ edits or a full initial sync. */
const SYNC_SERVER_CASE_TIMEOUT_MS = 10 * 60_000;

function syncServerSection(): string[] {
  const live = run(`sync:live:${SYNC_NODES}`, SYNC_SERVER_CASE_TIMEOUT_MS);
  const paced = run(`sync:initial:${INITIAL_TOPOLOGIES}`, SYNC_SERVER_CASE_TIMEOUT_MS);
  const unpaced = run(`sync:initial-unpaced:${INITIAL_TOPOLOGIES}`, SYNC_SERVER_CASE_TIMEOUT_MS);
  const part = (result: CaseResult, name: string) => result.parts?.[name] ?? 0;
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'MISS');
  return [
    `Sync through a shared server (PostgreSQL, one server process, desktops in the bench process), load average ${loadAverage()}`,
    renderTable(
      ['case', 'p50', 'p95', 'max', 'baseline', 'vs baseline', 'peak RSS'],
      [
        [
          `live edit, ${SYNC_NODES.toLocaleString('en-US')} nodes (save on A → merged and read on B)`,
          formatMs(part(live, 'p50')),
          formatMs(part(live, 'p95')),
          formatMs(part(live, 'max')),
          `${formatMs(part(live, 'readP50'))} read`,
          formatRatio(part(live, 'p50'), part(live, 'readP50')),
          `${live.memory.peakRssMb} MB`,
        ],
      ],
    ),
    `  ${live.checks.join('; ')}; the save on A answers in ${formatMs(part(live, 'saveP50'))} (p50)`,
    `  goals: live edit p95 under ${formatMs(LIVE_TARGETS.p95Ms)}: ${formatMs(part(live, 'p95'))} ${verdict(part(live, 'p95') < LIVE_TARGETS.p95Ms)}; ` +
      `seen within ${formatMs(LIVE_TARGETS.seenMs)}: max ${formatMs(part(live, 'max'))} ${verdict(part(live, 'max') < LIVE_TARGETS.seenMs)}`,
    '  baseline: one read of the whole topology from the server through the same link (p50).',
    renderTable(
      ['initial sync', 'time', 'answers kept', 'topologies', 'baseline', 'vs baseline', 'peak RSS'],
      [paced, unpaced].map((result) => [
        result === paced ? `${INITIAL_TOPOLOGIES} topologies, default pace (10 calls/s)` : `${INITIAL_TOPOLOGIES} topologies, unpaced`,
        formatMs(result.ms),
        String(part(result, 'calls')),
        String(part(result, 'topologies')),
        formatMs(part(result, 'baselineMs')),
        formatRatio(result.ms, part(result, 'baselineMs')),
        `${result.memory.peakRssMb} MB`,
      ]),
    ),
    '  time: from signing in to the replica complete (every list and what it implies kept for offline work);',
    '  baseline: the topology list and each topology read once, one after another, through the same client.',
    "  The default pace leaves half the server's per-user rate limit (20 calls/s) to the person's own pages.",
  ];
}

const allSections = {
  ipam: ipamSection,
  plan: planSection,
  sort: sortSection,
  executor: executorSection,
  deploy: deploySection,
  planner: plannerSection,
  startup: startupSection,
  server: serverSection,
  sync: syncSection,
  'sync-server': syncServerSection,
};
const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in allSections));
if (unknown.length > 0) {
  process.stderr.write(`unknown section ${unknown.join(', ')}; sections are ${Object.keys(allSections).join(', ')}\n`);
  process.exit(2);
}
const started = performance.now();
const load = loadAverage();
process.stderr.write(`Nimbus benchmarks: Node ${process.version}, ${os.cpus().length} CPUs, load average ${load}\n`);
let failed = false;
const sections: string[] = [];
for (const [name, section] of Object.entries(allSections)) {
  if (chosen.length > 0 && !chosen.includes(name)) continue;
  try {
    sections.push((await section()).join('\n'));
  } catch (error) {
    failed = true;
    sections.push(`${section.name} FAILED: ${(error as Error).message}`);
  }
}
const loadAfter = loadAverage();
process.stdout.write(
  `\nNode ${process.version}, ${os.cpus().length} CPUs, load average ${load} at start, ${loadAfter} at end (other processes skew wall times)\n\n` +
    `${sections.join('\n\n')}\n\nTotal ${formatMs(performance.now() - started)}; ratios are baseline ÷ optimised wall time.\n`,
);
process.exitCode = failed ? 1 : 0;
