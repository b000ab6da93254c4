import { FilterBar } from '../ui/FilterBar';
import { AUDIT_FIELD_MAX_LENGTH, isAuditFilterSet, type AuditFilter } from './audit-filter';

type TextField = 'actor' | 'action' | 'entity' | 'entityId';

const TEXT_FIELDS: readonly { key: TextField; label: string; example: string }[] = [
  { key: 'actor', label: 'Actor', example: 'local-user' },
  { key: 'action', label: 'Action', example: 'topology.save' },
  { key: 'entity', label: 'Entity', example: 'topology' },
  { key: 'entityId', label: 'Entity id', example: 'a topology’s id' },
];

export interface AuditFiltersProps {
  filter: AuditFilter;
  problem: string | null;
  onChange(patch: Partial<AuditFilter>, options?: { immediate?: boolean }): void;
  onClear(): void;
}

/** Actor, action, entity and id (exact values) and a range of days; every field set must match. */
export function AuditFilters({ filter, problem, onChange, onClear }: AuditFiltersProps) {
  return (
    <div className="audit-filters">
      <FilterBar label="Filter audit entries" active={isAuditFilterSet(filter)} onClear={onClear} clearTestId="audit-clear-filters">
        {TEXT_FIELDS.map((field) => (
          <input
            key={field.key}
            className="input"
            type="search"
            aria-label={field.label}
            title={`Entries whose ${field.label.toLowerCase()} is exactly this (e.g. ${field.example})`}
            placeholder={field.label}
            maxLength={AUDIT_FIELD_MAX_LENGTH[field.key]}
            value={filter[field.key]}
            onChange={(event) => onChange({ [field.key]: event.target.value })}
            onKeyDown={(event) => {
              // Enter reads at once instead of after the pause in typing.
              if (event.key === 'Enter') onChange({ [field.key]: event.currentTarget.value }, { immediate: true });
            }}
            data-testid={`audit-filter-${field.key}`}
          />
        ))}
        <label className="audit-filters__date">
          <span>From</span>
          <input
            className="input"
            type="date"
            aria-label="From date"
            value={filter.from}
            max={filter.to || undefined}
            onChange={(event) => onChange({ from: event.target.value }, { immediate: true })}
            data-testid="audit-filter-from"
          />
        </label>
        <label className="audit-filters__date">
          <span>To</span>
          <input
            className="input"
            type="date"
            aria-label="To date"
            value={filter.to}
            min={filter.from || undefined}
            onChange={(event) => onChange({ to: event.target.value }, { immediate: true })}
            data-testid="audit-filter-to"
          />
        </label>
      </FilterBar>
      {problem && (
        <p className="audit-filters__problem" role="alert" data-testid="audit-filter-problem">
          {problem}
        </p>
      )}
    </div>
  );
}
