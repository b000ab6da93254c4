/**
 * Scores how well `query` matches `text` for the command palette: every query character must appear
 * in order; consecutive runs and matches at word starts score higher. Null when it does not match.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const t = text.toLowerCase();
  let score = 0;
  let position = -1;
  let run = 0;
  for (const char of q) {
    if (char === ' ') continue;
    const found = t.indexOf(char, position + 1);
    if (found === -1) return null;
    run = found === position + 1 ? run + 1 : 1;
    const wordStart = found === 0 || /[\s:./-]/.test(t[found - 1]!);
    score += run * 2 + (wordStart ? 5 : 0) - Math.min(found - position - 1, 5) * 0.1;
    position = found;
  }
  return score;
}

/** Entries matching `query`, best first (ties keep their order). */
export function rankByQuery<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, text(item)) }))
    .filter((entry): entry is { item: T; index: number; score: number } => entry.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((entry) => entry.item);
}
