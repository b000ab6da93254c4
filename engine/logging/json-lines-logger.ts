import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { loggerOver, type LogEntry, type Logger, type LogLevel } from './logger.js';

/** The engine's log file inside a data directory's `logs` folder. */
export const ENGINE_LOG_FILE = 'engine.log';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export interface JsonLinesLoggerOptions {
  /** The file lines are appended to; its folder is created. */
  file: string;
  /** The lowest level written (default `info`; NIMBUS_LOG_LEVEL=debug shows more). */
  level?: LogLevel;
  /** Also write lines of this level and above to stderr (a server's console); off when absent. */
  stderrLevel?: LogLevel;
  /** Where stderr lines go; the process's stderr by default. */
  stderr?: (text: string) => void;
  /** A file larger than this when opened is moved to `<file>.1` first, so the log cannot grow without end. */
  maxBytes?: number;
}

/** A logger that can release its file. */
export interface FileLogger extends Logger {
  close(): void;
}

/** The level asked for in NIMBUS_LOG_LEVEL, when it names one. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel | undefined {
  const value = env.NIMBUS_LOG_LEVEL?.toLowerCase();
  return value && value in RANK ? (value as LogLevel) : undefined;
}

/** One entry as one line of JSON: `{"time","level","code","message","context"}`. */
export function formatLogLine(entry: LogEntry): string {
  try {
    return `${JSON.stringify(entry)}\n`;
  } catch {
    // A context JSON cannot hold (a cycle, a BigInt): the line keeps everything but the context.
    return `${JSON.stringify({ ...entry, context: { unserializable: true } })}\n`;
  }
}

/**
 * Structured JSON lines, one object per line, appended to a file (the data directory's
 * `logs/engine.log` for the engine and the server). Writing never throws: a log that cannot be
 * written must not fail the work it reports on, so the first write failure is told on stderr once.
 */
export function createJsonLinesLogger(options: JsonLinesLoggerOptions): FileLogger {
  const minimum = RANK[options.level ?? 'info'];
  const stderrMinimum = options.stderrLevel ? RANK[options.stderrLevel] : Infinity;
  const stderr = options.stderr ?? ((text: string) => void process.stderr.write(text));
  let fd: number | null = null;
  let broken = false;

  const open = (): number | null => {
    if (fd !== null || broken) return fd;
    try {
      mkdirSync(path.dirname(options.file), { recursive: true });
      try {
        if (statSync(options.file).size > (options.maxBytes ?? DEFAULT_MAX_BYTES)) renameSync(options.file, `${options.file}.1`);
      } catch {
        // No log yet: nothing to move aside.
      }
      fd = openSync(options.file, 'a', 0o600);
    } catch (error) {
      broken = true;
      stderr(`nimbus: cannot write the log ${options.file}: ${(error as Error).message}\n`);
    }
    return fd;
  };

  const logger = loggerOver((entry) => {
    const rank = RANK[entry.level];
    if (rank < minimum && rank < stderrMinimum) return;
    const line = formatLogLine(entry);
    if (rank >= minimum) {
      const handle = open();
      if (handle !== null) {
        try {
          writeSync(handle, line);
        } catch (error) {
          if (!broken) stderr(`nimbus: cannot write the log ${options.file}: ${(error as Error).message}\n`);
          broken = true;
        }
      }
    }
    if (rank >= stderrMinimum) stderr(line);
  });
  return {
    ...logger,
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
