import { loggerOver, type LogEntry, type Logger } from './logger.js';

/** A logger that keeps its entries in memory, for tests that check what was logged. */
export interface MemoryLogger extends Logger {
  readonly entries: LogEntry[];
}

/** Creates a {@link MemoryLogger}; children write to the same entries. */
export function createMemoryLogger(): MemoryLogger {
  const entries: LogEntry[] = [];
  return Object.assign(
    loggerOver((entry) => entries.push(entry)),
    { entries },
  );
}
