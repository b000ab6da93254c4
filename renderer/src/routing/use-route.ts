import { useCallback, useSyncExternalStore } from 'react';
import { formatRoute, parseRoute, type Route } from './route';

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

const getHash = (): string => window.location.hash;

export interface Navigation {
  route: Route;
  navigate(route: Route, options?: { replace?: boolean }): void;
}

export function useRoute(): Navigation {
  const hash = useSyncExternalStore(subscribe, getHash);
  const navigate = useCallback((route: Route, options?: { replace?: boolean }) => {
    const next = formatRoute(route);
    if (next === window.location.hash) return;
    if (options?.replace) {
      window.history.replaceState(null, '', next);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } else {
      window.location.hash = next;
    }
  }, []);
  return { route: parseRoute(hash), navigate };
}
