/**
 * Regular expressions written by users (JSON Schema `pattern`, governance constraints) run on a
 * linear-time engine (RE2, through re2js) so no pattern can freeze the engine: JavaScript's own engine
 * backtracks, and `^(a+)+$` against `aaaa…!` takes longer than the age of the universe. The engine's
 * only module importing re2js (the planner's form checks patterns with it too, on its side).
 */
import { RE2JS } from 're2js';
import { NimbusError } from '../errors.js';
import { excerpt } from './excerpt.js';

/** A pattern the linear-time engine cannot run (back-references, look-around) or that does not parse. */
export class PatternError extends NimbusError {
  override name = 'PatternError';
  constructor(pattern: string, reason: string, where?: string) {
    super(
      'invalid_pattern',
      `${where ? `${where}: ` : ''}pattern ${excerpt(pattern)} cannot be used: ${reason}. Patterns run on a linear-time engine (RE2 syntax), which has no back-references or look-around`,
      { pattern: excerpt(pattern, 200), ...(where ? { where } : {}) },
    );
  }
}

/** Longest pattern accepted: RE2 compiles in linear time, but its program grows with the text. */
export const MAX_PATTERN_CHARS = 1000;

/** The compiled form: only `test`, which looks for a match anywhere (as `RegExp#test` does). */
export interface LinearRegExp {
  test(text: string): boolean;
  toString(): string;
}

/** Patterns compiled so far: the same few patterns are checked for every node of every plan. */
const compiledPatterns = new Map<string, LinearRegExp>();
/** Past this many distinct patterns the cache starts again rather than growing without bound. */
const MAX_CACHED_PATTERNS = 500;

/** Compiles `pattern` for the linear-time engine (once), or throws a {@link PatternError} saying why not. */
export function compileLinear(pattern: string, where?: string): LinearRegExp {
  const cached = compiledPatterns.get(pattern);
  if (cached) return cached;
  if (pattern.length > MAX_PATTERN_CHARS) throw new PatternError(pattern, `it is longer than ${MAX_PATTERN_CHARS} characters`, where);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(toRe2Syntax(pattern));
  } catch (error) {
    throw new PatternError(pattern, (error as Error).message.replace(/^error parsing regexp: /, ''), where);
  }
  const linear: LinearRegExp = { test: (text) => compiled.test(text), toString: () => `/${pattern}/` };
  if (compiledPatterns.size >= MAX_CACHED_PATTERNS) compiledPatterns.clear();
  compiledPatterns.set(pattern, linear);
  return linear;
}

/** JavaScript's `\uXXXX` and `\u{X…}` escapes in RE2's spelling `\x{X…}`; the rest is shared syntax. */
function toRe2Syntax(pattern: string): string {
  return pattern.replace(
    /\\(\\)|\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})/g,
    (whole, escaped: string | undefined, braced: string | undefined, four: string | undefined) =>
      escaped !== undefined ? whole : `\\x{${braced ?? four}}`,
  );
}

/** Whether `pattern` compiles for the linear-time engine (for schema refinements). */
export function isLinearPattern(pattern: string): boolean {
  try {
    compileLinear(pattern);
    return true;
  } catch {
    // The question is whether it compiles; compileLinear itself explains why not where that is wanted.
    return false;
  }
}

/**
 * The engine in the shape Ajv's `code.regExp` option takes. `code` is what standalone code would call;
 * we never generate standalone code, so it only has to be stable.
 */
export const ajvLinearRegExp = Object.assign((pattern: string) => compileLinear(pattern), { code: 'compileLinear' });
