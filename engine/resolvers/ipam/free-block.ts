/** An occupied range inside a pool, inclusive at both ends. */
export interface Interval {
  start: bigint;
  end: bigint;
}

const alignUp = (value: bigint, size: bigint): bigint => ((value + size - 1n) / size) * size;

/**
 * The lowest block of `size` addresses, aligned to `size`, within `lo..hi` that overlaps none of the
 * `occupied` intervals (sorted by start, non-overlapping). Null when none fits. Pure, so the
 * allocator's one rule (never an overlap) is tested apart from the database.
 */
export function findFreeBlock(lo: bigint, hi: bigint, size: bigint, occupied: readonly Interval[]): bigint | null {
  let candidate = alignUp(lo, size);
  for (const interval of occupied) {
    if (interval.end < candidate) continue;
    if (candidate + size - 1n > hi) return null;
    if (interval.start > candidate + size - 1n) return candidate;
    candidate = alignUp(interval.end + 1n, size);
  }
  return candidate + size - 1n <= hi ? candidate : null;
}

/** Inserts `interval` keeping the array sorted by start (binary search). */
export function insertSorted(occupied: Interval[], interval: Interval): void {
  let low = 0;
  let high = occupied.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (occupied[mid]!.start < interval.start) low = mid + 1;
    else high = mid;
  }
  occupied.splice(low, 0, interval);
}
