/**
 * Whether an event type matches a routing rule's glob. Types are dot-separated words
 * (`local.vm.removed`); in a glob `*` stands for one word and `**` for any number of them (none too).
 */
export function matchesEventType(glob: string, type: string): boolean {
  return match(glob.split('.'), type.split('.'));
}

function match(pattern: readonly string[], words: readonly string[]): boolean {
  if (pattern.length === 0) return words.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') return Array.from({ length: words.length + 1 }, (_, skip) => skip).some((skip) => match(rest, words.slice(skip)));
  if (words.length === 0) return false;
  return (head === '*' || head === words[0]) && match(rest, words.slice(1));
}
