import { describe, expect, it } from 'vitest';
import { draftConflictEntries, draftPathText } from './draft-conflicts';

describe('draftConflictEntries', () => {
  it('names the field, every value with who set it, and marks the one shown now', () => {
    const [entry] = draftConflictEntries([
      {
        path: ['inputSchema', 'properties', 'size', 'default'],
        values: [
          { id: '3@aa', value: 'large', actor: 'aa', userId: 'u-bob', userName: 'Bob' },
          { id: '2@bb', value: 'medium', actor: 'bbbbbbbbbbbb', userId: null, userName: null },
        ],
      },
    ]);
    expect(entry?.title).toBe('inputSchema › properties › size › default');
    expect(entry?.choices.map((choice) => [choice.text, choice.who, choice.shown])).toEqual([
      ['"large"', 'Bob', true],
      ['"medium"', 'another replica (bbbbbbbb)', false],
    ]);
  });

  it('shortens long values and joins paths', () => {
    const [entry] = draftConflictEntries([
      { path: ['code'], values: [{ id: '1@a', value: 'x'.repeat(500), actor: 'a', userId: 'ann', userName: '' }] },
    ]);
    expect(entry?.choices[0]?.text.length).toBe(160);
    expect(entry?.choices[0]?.who).toBe('ann');
    expect(draftPathText(['slots', 'web', 'inputs'])).toBe('slots › web › inputs');
  });
});
