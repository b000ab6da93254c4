const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `<base>-N` with N one past the highest existing `<base>-N`, so labels stay unique after deletions:
 * `node-3` for a node without a contract, `vm-2` for the second `local-vm`.
 */
export function nextNodeLabel(existing: Iterable<string>, base = 'node'): string {
  const pattern = new RegExp(`^${escape(base)}-(\\d+)$`);
  let highest = 0;
  for (const label of existing) {
    const match = pattern.exec(label);
    if (match?.[1]) highest = Math.max(highest, Number(match[1]));
  }
  return `${base}-${highest + 1}`;
}
