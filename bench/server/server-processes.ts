/** Starts `nimbus serve` and `nimbus server start` as real processes for the load benchmark, and stops them. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const nimbusBin = fileURLToPath(new URL('../../../bin/nimbus.js', import.meta.url));

/** A server process and the address it printed. */
export interface ServerProcess {
  url: string;
  /** Everything it printed (the URL line, the owner token of `serve`). */
  output: () => string;
  stop(): Promise<void>;
}

/**
 * Spawns `nimbus …args` and waits until it prints a line matching `ready` (whose first group is the URL).
 * With NIMBUS_BENCH_CPU_PROF=DIR the process writes a V8 CPU profile there when it stops.
 */
export function startNimbus(args: string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.NIMBUS_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.NIMBUS_BENCH_CPU_PROF}`] : []),
      nimbusBin,
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nimbus ${args[0]} did not start within 120 s:\n${output}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nimbus ${args[0]} exited with ${code} before it served:\n${output}`));
    });
  });
}

/** Runs `nimbus …args` to completion and returns what it printed; throws when it fails. */
export function runNimbus(args: string[]): string {
  const child = spawnSync(process.execPath, [nimbusBin, ...args], { encoding: 'utf8', timeout: 120_000 });
  if (child.status !== 0) throw new Error(`nimbus ${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  return child.stdout;
}
