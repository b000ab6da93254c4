/**
 * Runs every benchmark case, each in its own Node process (so peak RSS is per case and one case's
 * garbage does not slow the next), and prints compact tables of times, rates and ratios.
 * Usage: npm run bench (builds first), or node dist/bench/run-all.js after a build.
 * These are measurements, not tests: nothing fails on time; a case fails only if its checks do.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { CaseResult } from './support/case-result.js';
import { formatMs, formatRate, formatRatio, renderTable } from './support/format.js';

const IPAM_N = 10_000;
/** The full-scan baseline is quadratic (~25× longer at 10,000); 2,000 keeps the run short. */
const FULL_SCAN_N = 2_000;
const PLAN_SIZES = [100, 1_000];

const CASE_TIMEOUT_MS = 90_000;
const runCasePath = fileURLToPath(new URL('./run-case.js', import.meta.url));

function run(id: string): CaseResult {
  process.stderr.write(`  running ${id} …\n`);
  const child = spawnSync(process.execPath, [runCasePath, id], { encoding: 'utf8', timeout: CASE_TIMEOUT_MS });
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
    renderTable(['variant', 'nodes', 'wires', 'wall', 'CPU', 'validation', 'other', 'vs engine', 'other vs', 'peak RSS', 'heap after'], rows),
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
      rows.push([result === fast ? 'planGroups' : 'naive: quadratic scan', String(nodes), result.checks[0]!.replace(' dependencies', ''), formatMs(result.ms), formatRatio(result.ms, fast.ms)]);
    }
    notes.push(agree(`  ${nodes} nodes`, [fast, slow]));
  }
  return ['Plan groups alone (median of repeated runs)', renderTable(['sort', 'nodes', 'deps', 'median', 'vs planGroups'], rows), ...notes];
}

const started = performance.now();
const load = os.loadavg().map((value) => value.toFixed(2)).join(' ');
process.stderr.write(`Nimbus benchmarks: Node ${process.version}, ${os.cpus().length} CPUs, load average ${load}\n`);
let failed = false;
const sections: string[] = [];
for (const section of [ipamSection, planSection, sortSection]) {
  try {
    sections.push(section().join('\n'));
  } catch (error) {
    failed = true;
    sections.push(`${section.name} FAILED: ${(error as Error).message}`);
  }
}
const loadAfter = os.loadavg().map((value) => value.toFixed(2)).join(' ');
process.stdout.write(
  `\nNode ${process.version}, ${os.cpus().length} CPUs, load average ${load} at start, ${loadAfter} at end (other processes skew wall times)\n\n` +
    `${sections.join('\n\n')}\n\nTotal ${formatMs(performance.now() - started)}; ratios are baseline ÷ optimised wall time.\n`,
);
process.exitCode = failed ? 1 : 0;
