import { describe, expect, it } from 'vitest';
import { fuzzyScore, rankByQuery } from './fuzzy-match';

describe('fuzzyScore', () => {
  it('matches characters in order and refuses what is not there', () => {
    expect(fuzzyScore('dpl', 'Deploy topology')).not.toBeNull();
    expect(fuzzyScore('xyz', 'Deploy topology')).toBeNull();
    expect(fuzzyScore('ydp', 'Deploy')).toBeNull();
    expect(fuzzyScore('', 'anything')).toBe(0);
  });

  it('prefers word starts and consecutive runs', () => {
    expect(fuzzyScore('dt', 'Deploy topology')!).toBeGreaterThan(fuzzyScore('dt', 'Add text')!);
    expect(fuzzyScore('save', 'Save topology')!).toBeGreaterThan(fuzzyScore('save', 'Show a very extended list')!);
  });
});

describe('rankByQuery', () => {
  it('orders the best match first and keeps the order of ties', () => {
    const items = ['Go to Settings', 'Save topology', 'Go to Catalog'];
    expect(rankByQuery(items, 'save', (item) => item)).toEqual(['Save topology']);
    expect(rankByQuery(items, '', (item) => item)).toEqual(items);
    expect(rankByQuery(items, 'go', (item) => item)).toEqual(['Go to Settings', 'Go to Catalog']);
  });
});
