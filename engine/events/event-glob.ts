/**
 * Whether an event type matches a routing rule's glob. Types are dot-separated words
 * (`local.vm.removed`); in a glob `*` stands for one word and `**` for any number of them (none too).
 *
 * Matched by dynamic programming over (glob word, type word) pairs: time is at most the product of
 * their lengths, whatever the glob (a naive backtracking match of `**.**.**.…` is exponential).
 */
export function matchesEventType(glob: string, type: string): boolean {
  const pattern = glob.split('.');
  const words = type.split('.');
  // matched[j]: the glob words seen so far match the first j words of the type.
  let matched = Array.from({ length: words.length + 1 }, (_, j) => j === 0);
  for (const head of pattern) {
    const next = new Array<boolean>(words.length + 1).fill(false);
    for (let j = 0; j <= words.length; j += 1) {
      if (head === '**') next[j] = matched[j]! || (j > 0 && next[j - 1]!);
      else next[j] = j > 0 && matched[j - 1]! && (head === '*' || head === words[j - 1]);
    }
    matched = next;
  }
  return matched[words.length]!;
}
