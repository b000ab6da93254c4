import { createHook } from 'node:async_hooks';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { until, UntilTimeoutError } from './until.js';

/**
 * The kinds of async resource that keep a process alive or hold an OS handle: timers and immediates,
 * sockets, servers, pipes, child processes, watchers, signal handlers, open file handles, workers.
 * Promises and one-shot requests end by themselves and are not tracked.
 */
const TRACKED = new Set([
  'Timeout',
  'Immediate',
  'TCPWRAP',
  'TCPSERVERWRAP',
  'PIPEWRAP',
  'PIPESERVERWRAP',
  'PROCESSWRAP',
  'FSEVENTWRAP',
  'STATWATCHER',
  'SIGNALWRAP',
  'UDPWRAP',
  'TTYWRAP',
  'FILEHANDLE',
  'WORKER',
  'MESSAGEPORT',
]);

interface Tracked {
  sequence: number;
  type: string;
  resource: object;
  stack: string;
}

const live = new Map<number, Tracked>();
let sequence = 0;
let hooked = false;

/** Starts recording tracked resources as they are created, once per process. */
function hook(): void {
  if (hooked) return;
  hooked = true;
  createHook({
    init(asyncId, type, _triggerAsyncId, resource) {
      if (!TRACKED.has(type)) return;
      live.set(asyncId, { sequence: ++sequence, type, resource, stack: new Error().stack ?? '' });
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  }).enable();
}

/** Whether a resource still holds on: timers until they fire or are cleared (and only while ref'ed). */
function stillActive(entry: Tracked): boolean {
  const resource = entry.resource as { _destroyed?: boolean; hasRef?: () => boolean };
  if (entry.type === 'Timeout' || entry.type === 'Immediate') return resource._destroyed !== true && resource.hasRef?.() !== false;
  // A closed file handle is destroyed only when it is collected; its descriptor is negative from the close on.
  if (entry.type === 'FILEHANDLE') return ((resource as { fd?: number }).fd ?? 0) >= 0;
  return true;
}

/** The frames of a creation stack outside Node's internals and this module. */
function framesOf(stack: string): string[] {
  return stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replace(/^at /, ''))
    .filter(
      (line) =>
        !line.includes('node:internal') && !/leak-check\.[jt]s:/.test(line) && !line.includes('(node:') && !line.startsWith('node:'),
    );
}

/** The test runner's own timers and channels (a hook's timeout, console batching, its IPC). */
const RUNNER = /node_modules[\\/](vitest|@vitest|tinypool|birpc|tinyspy)[\\/]/;

/** Whether the resource was made by the test runner rather than by the test or the code it runs. */
function runnersOwn(entry: Tracked): boolean {
  const frames = framesOf(entry.stack);
  return frames.length > 0 && frames.every((frame) => RUNNER.test(frame));
}

/** Where a resource was made: the first frames of its creation stack. */
function origin(stack: string): string {
  return framesOf(stack).slice(0, 3).join(' < ') || '(no stack)';
}

/** What keeps this process alive at one moment, to compare with later. */
export interface ResourceSnapshot {
  /** Resources created after this sequence number are the ones checked. */
  sequence: number;
  /** Process ids of this process's children. */
  children: Set<number>;
}

/** The children of this process, read from every thread's `/proc/<pid>/task/<tid>/children` (Linux). */
export function childProcessIds(): Set<number> {
  const ids = new Set<number>();
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${process.pid}/task`);
  } catch {
    return ids; // not Linux: child processes are not checked
  }
  for (const task of tasks) {
    try {
      for (const id of readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').split(/\s+/)) if (id) ids.add(Number(id));
    } catch {
      // the thread ended while we read
    }
  }
  return ids;
}

/**
 * Marks the moment before a test creates something: every timer, handle and child process created
 * after it must be gone when `expectNothingLeft` is called with it.
 */
export function takeResourceSnapshot(): ResourceSnapshot {
  hook();
  return { sequence, children: childProcessIds() };
}

/** A child's command line, for the message naming it. */
function commandLine(pid: number): string {
  try {
    const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return line.length > 200 ? `${line.slice(0, 200)}…` : line;
  } catch {
    return '(gone)';
  }
}

/** What was created since `before` and still runs, one readable line each; empty when nothing. */
export function leftSince(before: ResourceSnapshot): string[] {
  const left: string[] = [];
  for (const entry of live.values())
    if (entry.sequence > before.sequence && stillActive(entry) && !runnersOwn(entry))
      left.push(`${entry.type} created at ${origin(entry.stack)}`);
  for (const pid of childProcessIds()) if (!before.children.has(pid)) left.push(`child process ${pid}: ${commandLine(pid)}`);
  return left;
}

/**
 * Fails, naming what leaked and where it was created, when timers, handles (servers, sockets,
 * watchers, pipes, file handles) or child processes made since `before` are still there: a test must
 * leave nothing running behind it. Resources still closing get `graceMs` to go (a socket's close, a
 * child's exit being reaped).
 */
export async function expectNothingLeft(before: ResourceSnapshot, what: string, graceMs = 3000): Promise<void> {
  try {
    await until(() => leftSince(before).length === 0, `${what} has left nothing running`, { timeoutMs: graceMs, intervalMs: 20 });
  } catch (error) {
    if (!(error instanceof UntilTimeoutError)) throw error;
    const left = leftSince(before);
    if (left.length === 0) return; // gone in the last moment
    throw new Error(`${what} left running after it was disposed:\n- ${left.join('\n- ')}`);
  }
}

/**
 * For tests that start engines or servers in ways the test helpers do not cover (the CLI run
 * in-process, a spawned `nimbus`): every test of the file fails if it left a timer, handle or child
 * process running. Call it before the file's other hooks, so its check runs after their clean-up.
 */
export function useLeakCheck(): void {
  let before: ResourceSnapshot | undefined;
  beforeEach(() => {
    before = takeResourceSnapshot();
  });
  afterEach(async () => {
    if (before) await expectNothingLeft(before, 'The test');
    before = undefined;
  });
}
