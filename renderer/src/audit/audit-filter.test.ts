import { describe, expect, it } from 'vitest';
import { isAuditFilterSet, NO_AUDIT_FILTER, toAuditQuery } from './audit-filter';

describe('toAuditQuery', () => {
  it('asks for everything when no field is set, and for trimmed values of the fields that are', () => {
    expect(toAuditQuery(NO_AUDIT_FILTER)).toEqual({ ok: true, query: {} });
    expect(toAuditQuery({ ...NO_AUDIT_FILTER, actor: '  alice ', entity: 'topology', action: '   ', entityId: 'abc' })).toEqual({
      ok: true,
      query: { actor: 'alice', entity: 'topology', entityId: 'abc' },
    });
  });

  it('turns days into local midnights, the "to" day included whole', () => {
    const result = toAuditQuery({ ...NO_AUDIT_FILTER, from: '2026-12-01', to: '2026-12-01' });
    expect(result).toEqual({
      ok: true,
      query: { since: new Date(2026, 11, 1).toISOString(), until: new Date(2026, 11, 2).toISOString() },
    });
    // The last day of a year rolls over to the next.
    expect(toAuditQuery({ ...NO_AUDIT_FILTER, to: '2026-12-31' })).toEqual({
      ok: true,
      query: { until: new Date(2027, 0, 1).toISOString() },
    });
  });

  it('refuses days that do not exist and a range that ends before it starts', () => {
    expect(toAuditQuery({ ...NO_AUDIT_FILTER, from: '2026-02-30' })).toMatchObject({ ok: false, problem: expect.stringContaining('From') });
    expect(toAuditQuery({ ...NO_AUDIT_FILTER, to: 'yesterday' })).toMatchObject({ ok: false, problem: expect.stringContaining('To') });
    expect(toAuditQuery({ ...NO_AUDIT_FILTER, from: '2026-12-02', to: '2026-12-01' })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('after'),
    });
  });

  it('cuts text longer than the engine accepts', () => {
    const result = toAuditQuery({ ...NO_AUDIT_FILTER, action: 'x'.repeat(500) });
    expect(result.ok && result.query.action?.length).toBe(100);
  });
});

describe('isAuditFilterSet', () => {
  it('ignores blank fields', () => {
    expect(isAuditFilterSet(NO_AUDIT_FILTER)).toBe(false);
    expect(isAuditFilterSet({ ...NO_AUDIT_FILTER, actor: '  ' })).toBe(false);
    expect(isAuditFilterSet({ ...NO_AUDIT_FILTER, to: '2026-12-01' })).toBe(true);
  });
});
