/** A usage mistake: printed with a hint to --help, exit code 2. */
export class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks a yes/no question on a terminal; absent when nobody can answer (no TTY, tests). */
  confirm?: (question: string) => Promise<boolean>;
  /** Reads a secret (a password) without echo on a terminal, or from stdin when not a terminal; absent in tests. */
  secret?: (prompt: string) => Promise<string>;
  /** Asks for a visible answer on a terminal; absent when nobody can answer. */
  ask?: (question: string) => Promise<string>;
  /** Registers what Ctrl+C does while a long command runs; returns the unregister function. */
  onInterrupt?: (handler: () => void) => () => void;
}
