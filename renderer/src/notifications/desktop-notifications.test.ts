import { describe, expect, it } from 'vitest';
import { freshUnread } from './desktop-notifications';

describe('freshUnread', () => {
  it('reports each unread notification once, oldest first, never read ones', () => {
    const seen = new Set<string>();
    const first = [
      { id: 'b', readAt: null },
      { id: 'a', readAt: null },
      { id: 'r', readAt: '2026-01-01T00:00:00Z' },
    ];
    expect(freshUnread(first, seen).map((n) => n.id)).toEqual(['a', 'b']);
    expect(freshUnread(first, seen)).toEqual([]);
    expect(freshUnread([{ id: 'c', readAt: null }, ...first], seen).map((n) => n.id)).toEqual(['c']);
  });
});
