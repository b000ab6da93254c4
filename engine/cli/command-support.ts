import type { MethodInput, MethodOutput } from '../api/contract.js';
import type { MethodName } from '../api/methods.js';
import type { Backend } from './backend.js';
import { readUserFile } from '../files/read-user-file.js';
import { UsageError, type Io } from './usage-error.js';
import { excerpt } from '../text/excerpt.js';

export type OptionValues = Record<string, string | boolean | undefined>;

/** What every command gets: its arguments, options and terminal. */
export interface BareContext {
  args: string[];
  options: OptionValues;
  io: Io;
  json: boolean;
  env: NodeJS.ProcessEnv;
}

/** What a command that works on data gets: the local data directory or a shared server (see `backend.ts`). */
export interface CommandContext extends BareContext {
  backend: Backend;
}

interface CommandShape {
  words: string[];
  usage: string;
  summary: string;
  options: string[];
}

/** A `nimbus` subcommand that works on data: its words, the options it accepts, and what it does. */
export interface BackendCommand extends CommandShape {
  bare?: false;
  run(context: CommandContext): Promise<number>;
}

/** A subcommand that opens neither the data directory nor a server by itself (`login`, `logout`). */
export interface BareCommand extends CommandShape {
  bare: true;
  /** Takes `--data DIR` itself (backup and restore work on data directories as files). */
  takesData?: true;
  run(context: BareContext): Promise<number>;
}

/** One `nimbus` subcommand. */
export type Command = BackendCommand | BareCommand;

/** Calls the API exactly as the UI does, so the CLI gets the same validation and errors, locally or on a server. */
export function call<M extends MethodName>(backend: Backend, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  return backend.call(method, input);
}

export const str = (options: OptionValues, name: string): string | undefined => {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
};
export const required = (options: OptionValues, name: string): string => {
  const value = str(options, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
};
export const arg = (args: string[], index: number, what: string): string => {
  const value = args[index];
  if (value === undefined) throw new UsageError(`missing ${what}`);
  return value;
};
export const integer = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got ${excerpt(value)}`);
  return Number(value);
};
/** A file named on the command line: regular files only, size-checked before reading (see readUserFile). */
export const readText = (file: string): string => readUserFile(file);

export function emit(context: BareContext, value: unknown, human: () => string): number {
  context.io.out(context.json ? `${JSON.stringify(value, null, 2)}\n` : human());
  return 0;
}
