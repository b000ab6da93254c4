const AUTO_LABEL = /^node-(\d+)$/;

/** `node-N` with N one past the highest existing `node-N`, so labels stay unique after deletions. */
export function nextNodeLabel(existing: Iterable<string>): string {
  let highest = 0;
  for (const label of existing) {
    const match = AUTO_LABEL.exec(label);
    if (match?.[1]) highest = Math.max(highest, Number(match[1]));
  }
  return `node-${highest + 1}`;
}
