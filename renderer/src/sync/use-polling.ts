import { useCallback, useEffect, useRef, useState } from 'react';

/** How often the sync status is read while it is on screen. */
export const SYNC_POLL_MS = 3000;

export interface Polled<T> {
  value: T | null;
  error: unknown;
  /** Reads again now (after an action), without waiting for the next tick. */
  refresh(): Promise<void>;
}

/**
 * Reads `load` now and every `intervalMs` while `enabled` and the window is visible (a hidden window
 * asks nothing, and reads again as soon as it is shown). One request at a time: a slow answer is
 * never overtaken by the next tick's. A failure `stopOn` accepts ends the ticks for good.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  enabled: boolean,
  { intervalMs = SYNC_POLL_MS, stopOn }: { intervalMs?: number; stopOn?: (error: unknown) => boolean } = {},
): Polled<T> {
  const [state, setState] = useState<{ value: T | null; error: unknown }>({ value: null, error: null });
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  }, [load]);
  const running = useRef<Promise<void> | null>(null);
  const stopOnRef = useRef(stopOn);
  useEffect(() => {
    stopOnRef.current = stopOn;
  }, [stopOn]);
  /** Set when a read failed in a way asking again cannot change (`stopOn`): the ticks end. */
  const finished = useRef(false);
  const mounted = useRef(true);

  const refresh = useCallback(async () => {
    if (running.current) await running.current;
    const run = loadRef.current().then(
      (value) => {
        if (mounted.current) setState({ value, error: null });
      },
      (error: unknown) => {
        if (stopOnRef.current?.(error)) finished.current = true;
        if (mounted.current) setState((previous) => ({ value: previous.value, error }));
      },
    );
    running.current = run;
    try {
      await run;
    } finally {
      if (running.current === run) running.current = null;
    }
  }, []);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      if (document.visibilityState !== 'hidden' && !running.current) await refresh();
      if (!stopped && !finished.current) timer = setTimeout(() => void tick(), intervalMs);
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible' && !running.current && !finished.current) void refresh();
    };
    void tick();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [enabled, intervalMs, refresh]);

  return { value: state.value, error: state.error, refresh };
}
