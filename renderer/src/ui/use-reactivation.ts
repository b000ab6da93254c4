import { useState } from 'react';

/**
 * A number that grows each time a page becomes visible again. Pages stay mounted when hidden, so they
 * put this in their loaders' dependencies to show what changed elsewhere meanwhile.
 */
export function useReactivation(active: boolean): number {
  const [seen, setSeen] = useState({ active, count: 0 });
  // Adjusting state while rendering (not in an effect) avoids one render with stale data.
  if (seen.active !== active) setSeen({ active, count: active ? seen.count + 1 : seen.count });
  return seen.active === active ? seen.count : active ? seen.count + 1 : seen.count;
}
