/** One run of lines that are equal in both texts, or only in the old one, or only in the new one. */
export interface DiffRun {
  op: 'equal' | 'remove' | 'add';
  lines: string[];
}

/** Above this many cells the middle part is shown as removed-then-added instead of aligned. */
const MAX_TABLE = 4_000_000;

/**
 * Line diff of two texts: common prefix and suffix are trimmed, the middle aligned by longest common
 * subsequence. Good for component programs (hundreds of lines); degrades to a block replacement for
 * huge inputs rather than spending quadratic memory.
 */
export function diffLines(before: string, after: string): DiffRun[] {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const runs: DiffRun[] = [];
  const push = (op: DiffRun['op'], line: string) => {
    const last = runs.at(-1);
    if (last?.op === op) last.lines.push(line);
    else runs.push({ op, lines: [line] });
  };
  for (let i = 0; i < start; i += 1) push('equal', a[i]!);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if ((midA.length + 1) * (midB.length + 1) > MAX_TABLE) {
    midA.forEach((line) => push('remove', line));
    midB.forEach((line) => push('add', line));
  } else {
    // lcs[i][j] = length of the LCS of midA[i..] and midB[j..], in one flat array.
    const width = midB.length + 1;
    const lcs = new Uint32Array((midA.length + 1) * width);
    for (let i = midA.length - 1; i >= 0; i -= 1) {
      for (let j = midB.length - 1; j >= 0; j -= 1) {
        lcs[i * width + j] =
          midA[i] === midB[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < midA.length && j < midB.length) {
      if (midA[i] === midB[j]) {
        push('equal', midA[i]!);
        i += 1;
        j += 1;
      } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
        push('remove', midA[i]!);
        i += 1;
      } else {
        push('add', midB[j]!);
        j += 1;
      }
    }
    while (i < midA.length) push('remove', midA[i++]!);
    while (j < midB.length) push('add', midB[j++]!);
  }
  for (let i = endA; i < a.length; i += 1) push('equal', a[i]!);
  return runs;
}

/** Renders runs as unified-diff style lines (`+`, `-`, ` `), keeping `context` equal lines around changes. */
export function formatDiff(runs: DiffRun[], context = 3): string {
  const out: string[] = [];
  runs.forEach((run, index) => {
    if (run.op !== 'equal') {
      run.lines.forEach((line) => out.push(`${run.op === 'add' ? '+' : '-'}${line}`));
      return;
    }
    const first = index === 0;
    const last = index === runs.length - 1;
    if (run.lines.length <= context * 2 && !first && !last) {
      run.lines.forEach((line) => out.push(` ${line}`));
      return;
    }
    if (!first) run.lines.slice(0, context).forEach((line) => out.push(` ${line}`));
    if (!first && !last) out.push('…');
    if (!last) run.lines.slice(-context).forEach((line) => out.push(` ${line}`));
  });
  return out.join('\n');
}
