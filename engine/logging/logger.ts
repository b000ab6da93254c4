/**
 * The engine's log port. Failures the engine handles without telling a caller (a poll that failed, a
 * subscriber that threw, a socket that broke mid-call) are written here instead of vanishing, with the
 * error's catalogue code and the ids that connect a line to what a person saw (job, request, deployment).
 * The engine, the server and the CLI are given one implementation where they are composed.
 */
import type { ErrorCode } from '../common/error-codes.js';
import { NimbusError } from '../errors.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The ids and facts a line is about; any other key is kept as given. */
export interface LogContext {
  jobId?: string;
  requestId?: string;
  deploymentId?: string;
  method?: string;
  [key: string]: unknown;
}

/** One log line as written: one JSON object per line. */
export interface LogEntry {
  time: string;
  level: LogLevel;
  /** The catalogue code of the failure the line reports; null for lines that report none. */
  code: ErrorCode | null;
  message: string;
  context: LogContext;
}

/** Where log lines go. `child` binds context (a job id, a request id) to every line written through it. */
export interface Logger {
  debug(message: string, context?: LogContext): void;
  info(message: string, context?: LogContext): void;
  warn(code: ErrorCode, message: string, context?: LogContext): void;
  error(code: ErrorCode, message: string, context?: LogContext): void;
  child(context: LogContext): Logger;
}

/** Receives finished entries; implementations differ only in where the entry goes. */
export type LogSink = (entry: LogEntry) => void;

/** A {@link Logger} over a sink, with bound context; the sink decides where lines go. */
export function loggerOver(sink: LogSink, bound: LogContext = {}): Logger {
  const write = (level: LogLevel, code: ErrorCode | null, message: string, context: LogContext = {}) =>
    sink({ time: new Date().toISOString(), level, code, message, context: { ...bound, ...context } });
  return {
    debug: (message, context) => write('debug', null, message, context),
    info: (message, context) => write('info', null, message, context),
    warn: (code, message, context) => write('warn', code, message, context),
    error: (code, message, context) => write('error', code, message, context),
    child: (context) => loggerOver(sink, { ...bound, ...context }),
  };
}

/** The code and message of anything thrown: a Nimbus error keeps its code, anything else is `internal`. */
export function describeFailure(error: unknown): { code: ErrorCode; message: string } {
  if (error instanceof NimbusError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** Logs a failure the engine carries on after, as `<what>: <message>` with the failure's code. */
export function logFailure(logger: Logger, level: 'warn' | 'error', what: string, error: unknown, context: LogContext = {}): void {
  const { code, message } = describeFailure(error);
  const stack = level === 'error' && error instanceof Error && !(error instanceof NimbusError) ? { stack: error.stack } : {};
  logger[level](code, `${what}: ${message}`, { ...context, ...stack });
}

/** Drops every line: for code built without a log (unit tests of a class on its own). */
export const discardLogger: Logger = loggerOver(() => undefined);
