import { openStore, type Store } from '../../engine/store/store.js';
import { tempDir } from '../../engine/test-support/temp-dir.js';

/**
 * A store in a fresh temporary data directory, for one measurement. `dispose` closes the database
 * and deletes the directory; callers use it in `finally` so a failed run leaves nothing behind.
 */
export function openBenchStore(label: string): { store: Store; dataDir: string; dispose: () => void } {
  const temp = tempDir(`nimbus-bench-${label}-`);
  let store: Store;
  try {
    store = openStore(temp.dir);
  } catch (error) {
    temp.remove();
    throw error;
  }
  return {
    store,
    dataDir: temp.dir,
    dispose: () => {
      try {
        store.close();
      } finally {
        temp.remove();
      }
    },
  };
}
