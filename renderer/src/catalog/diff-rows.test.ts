import { describe, expect, it } from 'vitest';
import { codeUnchanged, diffRows } from './diff-rows';

const lines = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}${index + 1}`);

describe('diffRows', () => {
  it('numbers old and new lines through additions and removals', () => {
    const rows = diffRows([
      { op: 'equal', lines: ['a'] },
      { op: 'remove', lines: ['b'] },
      { op: 'add', lines: ['B', 'C'] },
      { op: 'equal', lines: ['d'] },
    ]);
    expect(rows).toEqual([
      { kind: 'equal', text: 'a', oldLine: 1, newLine: 1 },
      { kind: 'remove', text: 'b', oldLine: 2, newLine: null },
      { kind: 'add', text: 'B', oldLine: null, newLine: 2 },
      { kind: 'add', text: 'C', oldLine: null, newLine: 3 },
      { kind: 'equal', text: 'd', oldLine: 3, newLine: 4 },
    ]);
  });

  it('folds long unchanged stretches but keeps context around changes', () => {
    const rows = diffRows([
      { op: 'equal', lines: lines('head', 10) },
      { op: 'add', lines: ['new'] },
      { op: 'equal', lines: lines('mid', 10) },
      { op: 'remove', lines: ['old'] },
      { op: 'equal', lines: lines('tail', 10) },
    ]);
    const shown = rows.map((row) => (row.kind === 'fold' ? `…${row.count}` : row.text));
    expect(shown).toEqual([
      '…7',
      'head8',
      'head9',
      'head10',
      'new',
      'mid1',
      'mid2',
      'mid3',
      '…4',
      'mid8',
      'mid9',
      'mid10',
      'old',
      'tail1',
      'tail2',
      'tail3',
      '…7',
    ]);
    const old = rows.find((row) => row.kind === 'remove');
    expect(old).toMatchObject({ oldLine: 21 });
  });

  it('drops the empty line after a final newline', () => {
    const rows = diffRows([
      { op: 'add', lines: ['x'] },
      { op: 'equal', lines: ['end', ''] },
    ]);
    expect(rows.map((row) => (row.kind === 'fold' ? '…' : row.text))).toEqual(['x', 'end']);
  });

  it('shows an unchanged file whole', () => {
    const runs = [{ op: 'equal' as const, lines: lines('x', 20) }];
    expect(diffRows(runs)).toHaveLength(20);
    expect(codeUnchanged(runs)).toBe(true);
  });
});
