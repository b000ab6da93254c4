import { useCallback, useEffect, useState } from 'react';
import { useNotifier } from '../toasts/ToastProvider';

export interface ApiResource<T> {
  /** The last value loaded; kept while a newer request runs, so lists do not flicker. */
  value: T | null;
  /** A request for the current `load` (or a reload) has not answered yet. */
  loading: boolean;
  /** The failure of the last request, if it failed; also shown as a toast unless the title is null. */
  error: unknown;
  reload(): void;
}

interface Loaded<T> {
  value: T | null;
  error: unknown;
  load: (() => Promise<T>) | null;
  token: number;
  refreshKey: unknown;
}

/**
 * Loads one thing from the API whenever `load` changes identity (wrap it in useCallback with its
 * inputs) and on reload(). Answers to superseded requests are dropped, so a slow reply to an old
 * filter never overwrites a newer one. Pass null to load nothing. A change of `refreshKey` (a page
 * shown again, a publish elsewhere on the screen) loads again too. With a null `errorTitle` failures
 * are only returned, for screens that show them in place.
 */
export function useApiResource<T>(load: (() => Promise<T>) | null, errorTitle: string | null, refreshKey?: unknown): ApiResource<T> {
  const notifier = useNotifier();
  const [token, setToken] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<T>>({ value: null, error: null, load: null, token: -1, refreshKey: undefined });

  useEffect(() => {
    if (!load) return;
    let cancelled = false;
    load().then(
      (value) => {
        if (!cancelled) setLoaded({ value, error: null, load, token, refreshKey });
      },
      (error: unknown) => {
        if (cancelled) return;
        setLoaded((previous) => ({ value: previous.value, error, load, token, refreshKey }));
        if (errorTitle !== null) notifier.error(errorTitle, error);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [load, token, refreshKey, notifier, errorTitle]);

  const reload = useCallback(() => setToken((previous) => previous + 1), []);
  const loading = load !== null && (loaded.load !== load || loaded.token !== token || !Object.is(loaded.refreshKey, refreshKey));
  return { value: loaded.value, loading, error: loaded.error, reload };
}
