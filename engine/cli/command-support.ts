import type { MethodInput, MethodOutput } from '../api/contract.js';
import type { MethodName } from '../api/methods.js';
import type { Engine } from '../engine.js';
import { NimbusError } from '../errors.js';
import { readUserFile } from '../files/read-user-file.js';
import { UsageError, type Io } from './usage-error.js';
import { excerpt } from '../text/excerpt.js';

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandContext {
  engine: Engine;
  args: string[];
  options: OptionValues;
  io: Io;
  json: boolean;
}

/** One `nimbus` subcommand: its words, the options it accepts, and what it does. */
export interface Command {
  words: string[];
  usage: string;
  summary: string;
  options: string[];
  run(context: CommandContext): Promise<number>;
}

/** Calls the API exactly as the UI does, so the CLI gets the same validation and errors. */
export async function call<M extends MethodName>(engine: Engine, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const outcome = await engine.dispatcher.dispatch(method, input);
  if (!outcome.ok) throw new NimbusError(outcome.error.code, outcome.error.message, outcome.error.details);
  return outcome.result as MethodOutput<M>;
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

export function emit(context: CommandContext, value: unknown, human: () => string): number {
  context.io.out(context.json ? `${JSON.stringify(value, null, 2)}\n` : human());
  return 0;
}
