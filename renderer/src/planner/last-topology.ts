const KEY = 'nimbus.planner.lastTopologyId';

/** Remembers the topology open in the planner so the app reopens it on the next start. */
export const lastTopology = {
  get(): string | null {
    try {
      return window.localStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  set(id: string): void {
    try {
      window.localStorage.setItem(KEY, id);
    } catch {
      // Storage can be disabled; reopening the last topology is a convenience only.
    }
  },
};
