import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ComponentSummary, SemanticCatalog } from '../../api/entities';
import { DialogFrame } from '../../ui/DialogFrame';
import { quickPickItems } from './quick-pick-items';

export interface AddNodeQuickPickProps {
  /** Null while the catalog loads. */
  components: ComponentSummary[] | null;
  catalog: SemanticCatalog | null;
  /** Enter or a click on an item: add that component (the quick pick has closed already). */
  onPick(ref: string): void;
  onClose(): void;
}

/**
 * "Add node" as a quick pick of the catalog, as in VS Code: type to filter, the arrows move, Enter
 * adds the component in the middle of the view, Escape closes. Only catalog entries are offered, so
 * nothing typed here can become a node that the catalog does not know.
 */
export function AddNodeQuickPick({ components, catalog, onPick, onClose }: AddNodeQuickPickProps) {
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const listId = useId();
  const items = useMemo(() => quickPickItems(components ?? [], catalog, query), [components, catalog, query]);
  const selected = Math.min(cursor, Math.max(items.length - 1, 0));
  const optionId = (index: number) => `${listId}-${index}`;
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selected, items]);

  const pick = (index: number) => {
    const item = items[index];
    if (!item) return;
    onClose();
    onPick(item.ref);
  };

  return (
    <DialogFrame name="add-node" title="Add node" onCancel={onClose} wide>
      <input
        ref={input}
        className="palette__search"
        type="search"
        aria-label="Search the catalog"
        placeholder="Type a component or stack…"
        value={query}
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={items[selected] ? optionId(selected) : undefined}
        spellCheck={false}
        data-testid="quick-pick-search"
        onChange={(event) => {
          setQuery(event.target.value);
          setCursor(0);
        }}
        onKeyDown={(event) => {
          const count = Math.max(items.length, 1);
          if (event.key === 'ArrowDown') setCursor((selected + 1) % count);
          else if (event.key === 'ArrowUp') setCursor((selected - 1 + count) % count);
          else if (event.key === 'PageDown') setCursor(Math.min(selected + 8, count - 1));
          else if (event.key === 'PageUp') setCursor(Math.max(selected - 8, 0));
          else if (event.key === 'Enter') pick(selected);
          // A search field spends the first Escape on clearing itself; here Escape always closes.
          else if (event.key === 'Escape') onClose();
          else return;
          event.preventDefault();
        }}
      />
      {components === null ? (
        <p className="palette__empty">Loading the catalog…</p>
      ) : items.length === 0 ? (
        <p className="palette__empty" role="status" data-testid="quick-pick-empty">
          {query.trim() === ''
            ? 'No published components or stacks yet: publish one in the Components editor to place it here.'
            : `Nothing in the catalog matches “${query.trim()}”.`}
        </p>
      ) : (
        <ul ref={list} id={listId} className="palette__list" role="listbox" aria-label="Catalog" data-testid="quick-pick-list">
          {items.map((item, index) => (
            <li
              key={item.ref}
              id={optionId(index)}
              role="option"
              aria-selected={index === selected}
              className={`palette__item${index === selected ? ' palette__item--selected' : ''}`}
              data-testid="quick-pick-item"
              data-ref={item.ref}
              title={item.description}
              onMouseEnter={() => setCursor(index)}
              onClick={() => pick(index)}
            >
              <span className="palette__group">{item.provider}</span>
              <span className="palette__title mono">{item.ref}</span>
              <span className="palette__keys">{item.typeName ? `${item.semanticType} · ${item.typeName}` : item.semanticType}</span>
            </li>
          ))}
        </ul>
      )}
    </DialogFrame>
  );
}
