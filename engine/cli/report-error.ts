import type { ErrorCode } from '../common/error-codes.js';
import { NimbusError } from '../errors.js';
import { UsageError, type Io } from './usage-error.js';

/** Code printed for a command line that does not parse; exit code 2 like every usage mistake. */
const USAGE: ErrorCode = 'usage';

/**
 * One line for one error: `nimbus: <message> [<code>]`. A message that spans lines (a quoted tool
 * output) is joined, so scripts reading stderr line by line see one error per line.
 */
export function errorLine(message: string, code: ErrorCode | string): string {
  const oneLine = message
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
  return `nimbus: ${oneLine} [${code}]\n`;
}

/**
 * Prints what made a command fail and returns its exit code: 2 for a usage mistake, 1 otherwise. Never
 * a stack trace unless `debug` (`--debug`), which adds the stack, the details and the chain of causes.
 */
export function reportCliError(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof UsageError) {
    io.err(errorLine(`${error.message} (run 'nimbus --help' for usage)`, USAGE));
    if (debug) io.err(trace(error));
    return 2;
  }
  if (error instanceof NimbusError) io.err(errorLine(error.message, error.code));
  else io.err(errorLine(`unexpected error: ${error instanceof Error ? error.message : String(error)}`, 'internal' satisfies ErrorCode));
  if (debug) io.err(trace(error));
  return 1;
}

/** The stack of an error and of each cause under it, with a Nimbus error's details. */
function trace(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current) && parts.length < 10) {
    seen.add(current);
    const head = parts.length === 0 ? '' : 'Caused by: ';
    if (current instanceof Error) {
      parts.push(`${head}${current.stack ?? `${current.name}: ${current.message}`}`);
      if (current instanceof NimbusError && Object.keys(current.details).length > 0) parts.push(`Details: ${safeJson(current.details)}`);
      current = current.cause;
    } else {
      parts.push(`${head}${String(current)}`);
      break;
    }
  }
  return `${parts.join('\n')}\n`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    // A value JSON cannot hold (a cycle, a BigInt) is still worth a line in a debug trace.
    return String(value);
  }
}
