import type { MethodInput } from '../../../engine/api/contract';

/** The query `listAuditEntries` takes. */
export type AuditQuery = MethodInput<'listAuditEntries'>;

/** What the Audit page's filter fields hold: text as typed, dates as `yyyy-mm-dd` (empty when unset). */
export interface AuditFilter {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  /** First day shown, from its local midnight. */
  from: string;
  /** Last day shown, up to its end (local time). */
  to: string;
}

export const NO_AUDIT_FILTER: AuditFilter = { actor: '', action: '', entity: '', entityId: '', from: '', to: '' };

/** The longest value the engine accepts per text field; the inputs stop there. */
export const AUDIT_FIELD_MAX_LENGTH: Record<'actor' | 'action' | 'entity' | 'entityId', number> = {
  actor: 200,
  action: 100,
  entity: 100,
  entityId: 200,
};

export function isAuditFilterSet(filter: AuditFilter): boolean {
  return Object.values(filter).some((value) => value.trim() !== '');
}

export function sameAuditFilter(a: AuditFilter, b: AuditFilter): boolean {
  return (Object.keys(NO_AUDIT_FILTER) as (keyof AuditFilter)[]).every((key) => a[key] === b[key]);
}

/** Local midnight of a `yyyy-mm-dd` day, `days` later; null when the text is not a real day. */
function localMidnight(day: string, days = 0): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  const value = new Date(year, month, date);
  if (value.getFullYear() !== year || value.getMonth() !== month || value.getDate() !== date) return null;
  value.setDate(value.getDate() + days);
  return value;
}

/** The query for a filter, or why the filter cannot be asked (a malformed day, from after to). */
export type AuditQueryResult = { ok: true; query: AuditQuery } | { ok: false; problem: string };

/**
 * Turns the fields into the API's filter: text trimmed (blank means "any"), the days as the ISO times
 * of their local midnights, the "to" day included whole (the engine's `until` is exclusive).
 */
export function toAuditQuery(filter: AuditFilter): AuditQueryResult {
  const query: AuditQuery = {};
  for (const key of ['actor', 'action', 'entity', 'entityId'] as const) {
    const value = filter[key].trim();
    if (value !== '') query[key] = value.slice(0, AUDIT_FIELD_MAX_LENGTH[key]);
  }
  const from = filter.from === '' ? null : localMidnight(filter.from);
  const until = filter.to === '' ? null : localMidnight(filter.to, 1);
  if (filter.from !== '' && !from) return { ok: false, problem: `“From” is not a date: ${filter.from}` };
  if (filter.to !== '' && !until) return { ok: false, problem: `“To” is not a date: ${filter.to}` };
  if (from && until && from >= until) return { ok: false, problem: '“From” is after “To”: no entry can match.' };
  if (from) query.since = from.toISOString();
  if (until) query.until = until.toISOString();
  return { ok: true, query };
}
