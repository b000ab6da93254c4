import { describe, expect, it } from 'vitest';
import { PRESENCE_TTL_MS, PresenceStore, peerColour } from './presence-store';

const notice = (userId: string, selection: string[], topologyId = 't1', userName = userId.toUpperCase()) => ({
  type: 'topology.presence' as const,
  topologyId,
  userId,
  userName,
  selection,
  at: '2026-12-06T10:00:00Z',
});

describe('PresenceStore', () => {
  it('shows other users on the nodes they selected, not the signed-in user', () => {
    const store = new PresenceStore('me');
    store.open('t1');
    expect(store.receive(notice('ann', ['a', 'b']), 0)).toBe(true);
    expect(store.receive(notice('me', ['a']), 0)).toBe(false);
    expect(store.receive(notice('bob', ['b']), 0)).toBe(true);
    const nodes = store.byNode();
    expect(nodes['a']?.map((peer) => peer.name)).toEqual(['ANN']);
    expect(nodes['b']?.map((peer) => peer.name)).toEqual(['ANN', 'BOB']);
    expect(nodes['b']?.[0]?.colour).toBe(peerColour('ann'));
  });

  it('ignores notices about another topology and forgets everyone when another opens', () => {
    const store = new PresenceStore('me');
    store.open('t1');
    expect(store.receive(notice('ann', ['a'], 't2'), 0)).toBe(false);
    store.receive(notice('ann', ['a']), 0);
    store.open('t2');
    expect(store.byNode()).toEqual({});
  });

  it('drops a user who selects nothing, and one not heard from for the time to live', () => {
    const store = new PresenceStore(null);
    store.open('t1');
    store.receive(notice('ann', ['a']), 0);
    store.receive(notice('bob', ['b']), 10_000);
    expect(store.receive(notice('ann', []), 1_000)).toBe(true);
    expect(store.byNode()['a']).toBeUndefined();
    expect(store.nextExpiry()).toBe(10_000 + PRESENCE_TTL_MS);
    expect(store.prune(10_000 + PRESENCE_TTL_MS - 1)).toBe(false);
    expect(store.prune(10_000 + PRESENCE_TTL_MS)).toBe(true);
    expect(store.byNode()).toEqual({});
    expect(store.nextExpiry()).toBeNull();
  });

  it('reports no change for a repeated notice but keeps the user fresh', () => {
    const store = new PresenceStore(null);
    store.open('t1');
    store.receive(notice('ann', ['a', 'a']), 0);
    expect(store.receive(notice('ann', ['a']), 20_000)).toBe(false);
    expect(store.prune(PRESENCE_TTL_MS + 1)).toBe(false);
  });

  it('falls back to the user id when the name is blank', () => {
    const store = new PresenceStore(null);
    store.open('t1');
    store.receive(notice('u-7', ['a'], 't1', '  '), 0);
    expect(store.byNode()['a']?.[0]?.name).toBe('u-7');
  });
});
