import { afterEach, beforeEach } from 'vitest';
import { createEngine, type Engine, type EngineOptions } from '../engine.js';
import { expectNothingLeft, takeResourceSnapshot } from './leak-check.js';
import { tempDir } from './temp-dir.js';

/** An engine made for a test, and the one way to end it. */
export interface TestEngine {
  engine: Engine;
  dataDir: string;
  /**
   * Disposes the engine, removes the data directory the helper created (never one it was given), and
   * fails naming any timer, handle or child process left running since the engine was created.
   */
  dispose(): Promise<void>;
}

/**
 * The one way a test creates an engine: on a fresh temporary data directory unless `dataDir` is given
 * (e.g. to restart on another engine's data), checked for leaks when disposed. Use it directly where a
 * test manages the engine's lifetime itself (created in `beforeAll`, restarted mid-test); otherwise
 * `useTestEngine`.
 */
export async function createTestEngine(options: Partial<EngineOptions> = {}): Promise<TestEngine> {
  const before = takeResourceSnapshot();
  const temp = options.dataDir ? undefined : tempDir();
  const dataDir = options.dataDir ?? temp!.dir;
  let engine: Engine;
  try {
    engine = await createEngine({ ...options, dataDir });
  } catch (error) {
    temp?.remove();
    throw error;
  }
  return {
    engine,
    dataDir,
    async dispose() {
      try {
        await engine.dispose();
      } finally {
        temp?.remove();
      }
      await expectNothingLeft(before, `The engine on ${dataDir}`);
    },
  };
}

/**
 * A fresh engine on its own temporary data directory for every test of the file that calls this,
 * disposed and deleted after each, failing the test if it left a timer, handle or child process
 * running. Returns the accessor for the current test's engine and directory.
 */
export function useTestEngine(): { engine(): Engine; dataDir(): string } {
  let current: TestEngine | undefined;
  beforeEach(async () => {
    current = await createTestEngine();
  });
  afterEach(async () => {
    const ending = current;
    current = undefined;
    await ending?.dispose();
  });
  return {
    engine: () => {
      if (!current) throw new Error('useTestEngine: the engine exists only inside a test');
      return current.engine;
    },
    dataDir: () => {
      if (!current) throw new Error('useTestEngine: the data directory exists only inside a test');
      return current.dataDir;
    },
  };
}
