/**
 * A recorded value as indented JSON for the side-by-side view; `null` (nothing before a creation,
 * nothing after a deletion) is left to the caller, which says so in words.
 */
export function formatJson(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
