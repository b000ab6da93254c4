import { describe, expect, it } from 'vitest';
import { diffLines, formatDiff } from './line-diff.js';

describe('diffLines', () => {
  it('aligns changed lines between equal ones', () => {
    expect(diffLines('a\nb\nc\nd', 'a\nB\nc\nd\ne')).toEqual([
      { op: 'equal', lines: ['a'] },
      { op: 'remove', lines: ['b'] },
      { op: 'add', lines: ['B'] },
      { op: 'equal', lines: ['c', 'd'] },
      { op: 'add', lines: ['e'] },
    ]);
  });

  it('handles empty texts and identical texts', () => {
    expect(diffLines('', 'x')).toEqual([{ op: 'add', lines: ['x'] }]);
    expect(diffLines('x', '')).toEqual([{ op: 'remove', lines: ['x'] }]);
    expect(diffLines('same', 'same')).toEqual([{ op: 'equal', lines: ['same'] }]);
  });

  it('reconstructs both texts from the runs', () => {
    const before = Array.from({ length: 300 }, (_, i) => `line ${i % 17}`).join('\n');
    const after = Array.from({ length: 320 }, (_, i) => `line ${(i * 7) % 19}`).join('\n');
    const runs = diffLines(before, after);
    expect(
      runs
        .filter((r) => r.op !== 'add')
        .flatMap((r) => r.lines)
        .join('\n'),
    ).toBe(before);
    expect(
      runs
        .filter((r) => r.op !== 'remove')
        .flatMap((r) => r.lines)
        .join('\n'),
    ).toBe(after);
  });

  it('formats with context', () => {
    const text = formatDiff(diffLines('1\n2\n3\n4\n5\n6\n7\n8', '1\n2\n3\n4\nfive\n6\n7\n8'), 1);
    expect(text).toBe(' 4\n-5\n+five\n 6');
  });
});
