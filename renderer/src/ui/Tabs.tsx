import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabsProps<Id extends string> {
  /** Accessible name of the tab list. */
  label: string;
  tabs: readonly { id: Id; label: string }[];
  current: Id;
  onChange(id: NoInfer<Id>): void;
  /** Prefix of element ids and test ids: `<prefix>-<id>`. */
  idPrefix: string;
  /** The current tab's panel. */
  children: ReactNode;
}

/**
 * Tabs in the WAI-ARIA pattern: one tab stop for the list, arrow keys (and Home/End) move between tabs
 * and select them, the panel is labelled by its tab.
 */
export function Tabs<Id extends string>({ label, tabs, current, onChange, idPrefix, children }: TabsProps<Id>) {
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === current);
    const target =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : null;
    const next = target === null ? undefined : tabs[target];
    if (!next) return;
    event.preventDefault();
    onChange(next.id);
    listRef.current?.querySelector<HTMLElement>(`#${idPrefix}-${next.id}`)?.focus();
  };
  return (
    <>
      <div ref={listRef} className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            id={`${idPrefix}-${tab.id}`}
            type="button"
            role="tab"
            className={`tabs__tab${tab.id === current ? ' tabs__tab--active' : ''}`}
            aria-selected={tab.id === current}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={tab.id === current ? 0 : -1}
            onClick={() => onChange(tab.id)}
            data-testid={`${idPrefix}-${tab.id}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div id={`${idPrefix}-panel`} className="tabs__panel" role="tabpanel" aria-labelledby={`${idPrefix}-${current}`}>
        {children}
      </div>
    </>
  );
}
