/**
 * Limits on what users hand the engine (files, API values), checked before the work that could
 * otherwise exhaust memory or the call stack. Documented in the README where users meet them.
 */
import { NimbusError, ValidationError } from '../errors.js';

/** Largest file the engine reads (topology, stack, component manifest, image catalog): 16 MiB. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Deepest nesting of objects and arrays in a file or an API value. Real documents use under 15. */
export const MAX_NESTING_DEPTH = 64;

/** A value nested deeper than {@link MAX_NESTING_DEPTH}; `details.path` names where it got too deep. */
export class TooDeepError extends NimbusError {
  override name = 'TooDeepError';
  constructor(what: string, path: string) {
    super('too_deeply_nested', `${what} is nested more than ${MAX_NESTING_DEPTH} levels deep (at ${path || '(root)'}); flatten it`, {
      path,
      limit: MAX_NESTING_DEPTH,
    });
  }
}

/**
 * The path of the first place where `value` nests deeper than `max`, or null. Iterative, so a value
 * nested a million levels deep is measured without overflowing the stack.
 */
export function tooDeepAt(value: unknown, max = MAX_NESTING_DEPTH): string | null {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  // Deepest depth each object was seen at: shared objects are walked again only when met deeper, so a
  // cycle is reported as too deep and a shared structure costs at most its size times the limit.
  const seen = new Map<object, number>();
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!;
    if (typeof current !== 'object' || current === null || (seen.get(current) ?? -1) >= depth) continue;
    if (depth >= max) return path;
    seen.set(current, depth);
    for (const [key, child] of Object.entries(current)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1, path: path ? `${path}.${key}` : key });
    }
  }
  return null;
}

/** Throws a {@link TooDeepError} when `value` nests deeper than the limit. */
export function assertShallow(value: unknown, what: string): void {
  const at = tooDeepAt(value);
  if (at !== null) throw new TooDeepError(what, at);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (text: string) => !LONE_SURROGATE.test(text);

/**
 * The path of the first string (value or key) in `value` that is not well-formed Unicode text (a lone
 * surrogate, which JSON can carry but no text column can hold), or null. Walk a value checked by
 * {@link assertShallow} first: this one assumes it is not nested without end.
 */

export function illFormedTextAt(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (typeof current === 'string') {
      if (!wellFormed(current)) return path || '(root)';
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    for (const [key, child] of Object.entries(current)) {
      const at = path ? `${path}.${key}` : key;
      if (!wellFormed(key)) return at;
      stack.push({ value: child, path: at });
    }
  }
  return null;
}

/** Refuses `value` (`invalid_input`) when a string in it is not well-formed Unicode text, naming where. */
export function assertWellFormedText(value: unknown, what: string): void {
  const at = illFormedTextAt(value);
  if (at !== null)
    throw new ValidationError(what, [
      { path: at, message: 'holds a lone surrogate: text that is not Unicode (a string cut mid-character?)' },
    ]);
}
