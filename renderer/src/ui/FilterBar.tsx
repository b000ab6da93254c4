import type { ReactNode } from 'react';
import { EmptyState } from './EmptyState';
import { Icon } from './Icon';

/** The row of filters above a list: its controls, and "Clear filters" while any is set. */
export function FilterBar({
  label,
  active,
  onClear,
  clearTestId,
  children,
}: {
  label: string;
  active: boolean;
  onClear(): void;
  clearTestId: string;
  children: ReactNode;
}) {
  return (
    <div className="filter-bar" role="search" aria-label={label}>
      {children}
      {active && (
        <button type="button" className="button button--ghost button--small" onClick={onClear} data-testid={clearTestId}>
          Clear filters
        </button>
      )}
    </div>
  );
}

export interface SearchFieldProps {
  label: string;
  placeholder: string;
  value: string;
  onChange(value: string): void;
  testId: string;
  iconSize?: number;
}

/** A search box with its magnifier. */
export function SearchField({ label, placeholder, value, onChange, testId, iconSize = 16 }: SearchFieldProps) {
  return (
    <label className="search-field">
      <Icon name="search" size={iconSize} />
      <input
        className="search-field__input"
        type="search"
        placeholder={placeholder}
        aria-label={label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
    </label>
  );
}

/** One choice of a filter select: a plain value, or a value with its own text and tooltip. */
export type FilterOption = string | { value: string; text: string; title?: string };

export interface FilterSelectProps {
  label: string;
  /** The first option, meaning "no filter" (its value is ''). */
  anyText: string;
  value: string;
  options: readonly FilterOption[];
  onChange(value: string): void;
  testId: string;
}

/** A select that narrows a list to one value, or to none of them. */
export function FilterSelect({ label, anyText, value, options, onChange, testId }: FilterSelectProps) {
  return (
    <select
      className="input select"
      aria-label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      data-testid={testId}
    >
      <option value="">{anyText}</option>
      {options.map((option) => {
        const { value: optionValue, text, title } = typeof option === 'string' ? { value: option, text: option, title: undefined } : option;
        return (
          <option key={optionValue} value={optionValue} title={title}>
            {text}
          </option>
        );
      })}
    </select>
  );
}

/** What a filtered list shows when nothing passes the filter, with the way back. */
export function NoMatchState({
  title,
  testId,
  onClear,
  children,
}: {
  title: string;
  testId: string;
  onClear(): void;
  children: ReactNode;
}) {
  return (
    <EmptyState
      icon="search"
      title={title}
      testId={testId}
      action={
        <button type="button" className="button" onClick={onClear}>
          Clear filters
        </button>
      }
    >
      {children}
    </EmptyState>
  );
}
