import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from './route';

describe('routes', () => {
  it('round-trips a page with a document id', () => {
    const route = { page: 'components', id: 'a b/c' } as const;
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('falls back to the planner for an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ page: 'planner' });
    expect(parseRoute('#/nowhere/1')).toEqual({ page: 'planner' });
    expect(parseRoute('#/settings')).toEqual({ page: 'settings' });
  });
});
