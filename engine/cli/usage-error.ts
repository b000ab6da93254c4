/** A usage mistake: printed with a hint to --help, exit code 2. */
export class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}
