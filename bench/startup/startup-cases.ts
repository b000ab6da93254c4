import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { processTreeCpuMs } from '../support/process-tree-cpu.js';

/** bin/nimbus.js of this checkout (dist/bench/startup/ → repository root). */
const nimbusBin = fileURLToPath(new URL('../../../bin/nimbus.js', import.meta.url));

/** One start-up measurement: the median and range of wall times, and the median CPU of the spawned process. */
export interface StartupResult {
  label: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** User + system CPU of the spawned process (reaped children, /proc/self/stat); undefined off Linux. */
  cpuMs: number | undefined;
}

function summarize(label: string, samples: { ms: number; cpuMs: number | undefined }[]): StartupResult {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const walls = samples.map((sample) => sample.ms);
  const cpus = samples.map((sample) => sample.cpuMs).filter((cpu): cpu is number => cpu !== undefined);
  return {
    label,
    medianMs: median(walls),
    minMs: Math.min(...walls),
    maxMs: Math.max(...walls),
    cpuMs: cpus.length === samples.length ? median(cpus) : undefined,
  };
}

/** Spawns `args` with Node until it exits, `runs` times; it must exit 0. */
function timeExit(label: string, args: string[], runs: number): StartupResult {
  const samples = Array.from({ length: runs }, () => {
    const cpuBefore = processTreeCpuMs();
    const started = performance.now();
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
    const ms = performance.now() - started;
    const cpuAfter = processTreeCpuMs();
    if (child.status !== 0) throw new Error(`${label} failed (exit ${child.status ?? child.signal}): ${child.stderr.trim()}`);
    return { ms, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
  });
  return summarize(label, samples);
}

/**
 * Starts `nimbus serve --port 0` and times it until it answers an HTTP request for the app's page at
 * the URL it prints (any status: without a built renderer it says so), then stops it with SIGTERM and
 * waits for it to exit.
 */
async function timeServeOnce(dataDir: string): Promise<{ ms: number; cpuMs: number | undefined }> {
  const cpuBefore = processTreeCpuMs();
  const started = performance.now();
  const child = spawn(process.execPath, [nimbusBin, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /Open (http:\/\/\S+)/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code} before it was ready: ${stderr.trim()}`)));
    });
    const response = await fetch(new URL('/', url));
    await response.arrayBuffer();
    const ms = performance.now() - started;
    child.kill('SIGTERM');
    await exited;
    const cpuAfter = processTreeCpuMs();
    return { ms, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

/**
 * Start-up of the `nimbus` command, each variant spawned `runs` times (after one untimed run, so the
 * data directory exists and the file cache is warm): `node -e 0` as the floor, `--version`, a read-only
 * command (`catalog list`) and `serve` until it answers its first HTTP request.
 */
export async function measureStartup(runs: number): Promise<StartupResult[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-bench-startup-'));
  try {
    const catalog = [nimbusBin, 'catalog', 'list', '--data', dataDir];
    for (const args of [['-e', '0'], [nimbusBin, '--version'], catalog]) spawnSync(process.execPath, args, { timeout: 60_000 });
    await timeServeOnce(dataDir);
    const results = [
      timeExit('node -e 0 (baseline)', ['-e', '0'], runs),
      timeExit('nimbus --version', [nimbusBin, '--version'], runs),
      timeExit('nimbus catalog list', catalog, runs),
    ];
    const serves: { ms: number; cpuMs: number | undefined }[] = [];
    for (let i = 0; i < runs; i += 1) serves.push(await timeServeOnce(dataDir));
    results.push(summarize('nimbus serve, until it answers', serves));
    return results;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
