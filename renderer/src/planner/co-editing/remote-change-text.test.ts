import { describe, expect, it } from 'vitest';
import { describeRemoteChange } from './remote-change-text';

const notice = (userId: string | null, userName: string | null) => ({
  type: 'topology.changed' as const,
  topologyId: 't1',
  revision: 3,
  userId,
  userName,
  at: '2026-12-06T10:00:00Z',
});
const applied = { revision: 3, keptLocal: false, undoReset: false, changed: true };

describe('describeRemoteChange', () => {
  it('names who changed the topology, by name, else by id', () => {
    expect(describeRemoteChange(notice('u1', 'Ann'), applied)).toBe('Ann changed this topology');
    expect(describeRemoteChange(notice('u1', ' '), applied)).toBe('u1 changed this topology');
  });

  it('says a merge of this desktop’s own brought the changes when nobody is named', () => {
    expect(describeRemoteChange(notice(null, null), applied)).toBe('Changes from the server were merged into this topology');
  });

  it('says what became of unsaved edits and of undo', () => {
    expect(describeRemoteChange(notice('u1', 'Ann'), { ...applied, keptLocal: true, undoReset: true })).toBe(
      'Ann changed this topology · your unsaved edits are kept · undo starts from here',
    );
  });
});
