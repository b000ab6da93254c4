/**
 * Keeps concurrent Pulumi runs in one process from failing each other. The SDK's inline-program server
 * adds process-wide `uncaughtException` and `unhandledRejection` listeners for the duration of each
 * run and fails the run on anything they hear, so an error thrown by one stack's program (say, in an
 * `apply` after its body returned) would fail every stack running at that moment. Node calls these
 * listeners in the async context the error arose in; this makes a listener added inside a run hear only
 * errors of that run (and errors of no run at all, which cannot be told apart).
 */

const EVENTS = new Set<string | symbol>(['uncaughtException', 'unhandledRejection']);

type Listener = (...args: unknown[]) => void;

let installed = false;

/**
 * Installs the scoping on `process` (once per process). `currentRun` names the run the code calling it
 * belongs to (the SDK's per-run store), undefined outside any run.
 */
export function scopeProcessErrorListeners(currentRun: () => unknown): void {
  if (installed) return;
  installed = true;
  const wrappers = new WeakMap<Listener, Listener>();
  const on = process.on.bind(process) as (event: string | symbol, listener: Listener) => NodeJS.Process;
  const off = process.off.bind(process) as (event: string | symbol, listener: Listener) => NodeJS.Process;
  const scopedOn = (event: string | symbol, listener: Listener): NodeJS.Process => {
    const owner = EVENTS.has(event) ? currentRun() : undefined;
    if (owner === undefined) return on(event, listener);
    const wrapper: Listener = (...args) => {
      const now = currentRun();
      if (now === undefined || now === owner) listener(...args);
    };
    wrappers.set(listener, wrapper);
    return on(event, wrapper);
  };
  const scopedOff = (event: string | symbol, listener: Listener): NodeJS.Process => {
    const wrapper = EVENTS.has(event) ? wrappers.get(listener) : undefined;
    if (!wrapper) return off(event, listener);
    wrappers.delete(listener);
    return off(event, wrapper);
  };
  const target = process as unknown as Record<'on' | 'addListener' | 'off' | 'removeListener', unknown>;
  target.on = scopedOn;
  target.addListener = scopedOn;
  target.off = scopedOff;
  target.removeListener = scopedOff;
}
