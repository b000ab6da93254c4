import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { DialogFrame } from '../../ui/DialogFrame';
import { formatKeyBinding } from '../key-binding';
import type { PaletteEntry } from './command-registry';
import { useCommandPalette } from './CommandPaletteProvider';
import { rankByQuery } from './fuzzy-match';

/**
 * The command palette (Ctrl+Shift+P or Ctrl+K): every command the visible page and the app offer,
 * searched as you type, with its shortcut; disabled commands are listed but cannot run.
 */
export function CommandPalette({ pageLabel }: { pageLabel: string }) {
  const palette = useCommandPalette();
  if (!palette?.open) return null;
  return <PaletteDialog pageLabel={pageLabel} onClose={() => palette.setOpen(false)} />;
}

function PaletteDialog({ pageLabel, onClose }: { pageLabel: string; onClose(): void }) {
  const palette = useCommandPalette()!;
  const entries = useSyncExternalStore(
    (listener) => palette.registry.subscribe(listener),
    () => palette.registry.entries(),
  );
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const groupOf = (entry: PaletteEntry) => entry.group || pageLabel;
  const shown = useMemo(
    () => rankByQuery(entries, query, (entry) => `${entry.group || pageLabel}: ${entry.title}`),
    [entries, query, pageLabel],
  );
  const selected = Math.min(cursor, Math.max(shown.length - 1, 0));
  useEffect(() => input.current?.focus(), []);

  const run = (entry: PaletteEntry | undefined) => {
    if (!entry || !entry.isEnabled()) return;
    onClose();
    void entry.run();
  };

  return (
    <DialogFrame name="command-palette" title="Command palette" onCancel={onClose} wide>
      <input
        ref={input}
        className="palette__search"
        type="search"
        aria-label="Search commands"
        placeholder="Type a command…"
        value={query}
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={shown[selected] ? `palette-${shown[selected].id}` : undefined}
        onChange={(event) => {
          setQuery(event.target.value);
          setCursor(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setCursor((selected + 1) % Math.max(shown.length, 1));
          else if (event.key === 'ArrowUp') setCursor((selected - 1 + shown.length) % Math.max(shown.length, 1));
          else if (event.key === 'Enter') run(shown[selected]);
          // A search field would spend the first Escape on clearing itself; here Escape always closes.
          else if (event.key === 'Escape') onClose();
          else return;
          event.preventDefault();
        }}
      />
      {shown.length === 0 ? (
        <p className="palette__empty">No command matches “{query}”.</p>
      ) : (
        <ul id="palette-list" className="palette__list" role="listbox" aria-label="Commands">
          {shown.map((entry, index) => {
            const enabled = entry.isEnabled();
            const reason = entry.disabledReason?.() ?? null;
            return (
              <li
                key={entry.id}
                id={`palette-${entry.id}`}
                role="option"
                aria-selected={index === selected}
                aria-disabled={!enabled}
                aria-describedby={reason ? `palette-${entry.id}-reason` : undefined}
                title={reason ?? undefined}
                className={`palette__item${index === selected ? ' palette__item--selected' : ''}${enabled ? '' : ' palette__item--disabled'}`}
                onMouseEnter={() => setCursor(index)}
                onClick={() => run(entry)}
              >
                <span className="palette__group">{groupOf(entry)}</span>
                <span className="palette__title">{entry.title}</span>
                {entry.keys[0] ? <kbd className="palette__keys">{formatKeyBinding(entry.keys[0])}</kbd> : <span />}
                {reason && (
                  <span className="palette__reason" id={`palette-${entry.id}-reason`} data-testid="palette-disabled-reason">
                    {reason}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </DialogFrame>
  );
}
