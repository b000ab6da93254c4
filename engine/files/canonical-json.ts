/**
 * JSON with every object's keys sorted: two documents that differ only in key order (a file read
 * back, a record from the store) compare equal, so an import or a deploy of the same content changes
 * nothing.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .sort()
            .map((key) => [key, (inner as Record<string, unknown>)[key]]),
        )
      : inner,
  );
}
