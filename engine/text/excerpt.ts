/**
 * How a bad value appears in an error message: quoted, and cut to a short prefix. A message that
 * repeated a 10 MB string (or a whole file) back would be unreadable, flood logs and leak data.
 */
export const EXCERPT_CHARS = 60;

/**
 * `value` as JSON (strings quoted) cut to `max` characters, with how much was left out:
 * `"aaaaaaaa…" (10000 characters)`. Never throws: cycles, BigInts and functions are described.
 */
export function excerpt(value: unknown, max = EXCERPT_CHARS): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Array.isArray(value) ? '[…]' : typeof value === 'object' && value !== null ? '{…}' : String(value);
  }
  if (text.length <= max) return text;
  const size = typeof value === 'string' ? `${value.length} characters` : `${text.length} characters as JSON`;
  // Do not cut a surrogate pair in half.
  let cut = text.slice(0, max);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…${typeof value === 'string' ? '"' : ''} (${size})`;
}
