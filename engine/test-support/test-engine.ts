import { afterEach, beforeEach } from 'vitest';
import { createEngine, type Engine } from '../engine.js';
import { tempDir } from './temp-dir.js';

/**
 * A fresh engine on its own temporary data directory for every test of the file that calls this,
 * disposed and deleted after each. Returns the accessor for the current test's engine and directory.
 */
export function useTestEngine(): { engine(): Engine; dataDir(): string } {
  let temp: ReturnType<typeof tempDir> | undefined;
  let engine: Engine | undefined;
  beforeEach(() => {
    temp = tempDir();
    engine = createEngine({ dataDir: temp.dir });
  });
  afterEach(async () => {
    await engine?.dispose();
    temp?.remove();
    engine = undefined;
    temp = undefined;
  });
  return {
    engine: () => {
      if (!engine) throw new Error('useTestEngine: the engine exists only inside a test');
      return engine;
    },
    dataDir: () => {
      if (!temp) throw new Error('useTestEngine: the data directory exists only inside a test');
      return temp.dir;
    },
  };
}
