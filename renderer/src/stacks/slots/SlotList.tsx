import type { StackDocument } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { issuesUnder, type StackIssue } from '../model/issue-paths';
import { planSlots, waveOfSlot } from '../model/slot-order';

export interface SlotListProps {
  document: StackDocument;
  issues: readonly StackIssue[];
  selected: number;
  readOnly: boolean;
  references: readonly string[] | null;
  addReference: string;
  onAddReferenceChange(reference: string): void;
  onSelect(index: number): void;
  onAdd(): void;
}

/** Slots in plan order (the waves they deploy in, from the wiring and dependsOn), with their problems counted. */
export function SlotList({
  document,
  issues,
  selected,
  readOnly,
  references,
  addReference,
  onAddReferenceChange,
  onSelect,
  onAdd,
}: SlotListProps) {
  const plan = planSlots(document.slots);
  const waves = waveOfSlot(plan);
  const order = [...plan.waves.flat(), ...plan.cycle];
  const indexOf = (name: string) => document.slots.findIndex((slot) => slot.name === name);
  return (
    <div className="stack-slots__list">
      <h3 className="stack-slots__heading">Slots in plan order</h3>
      <ol className="stack-slot-items" data-testid="slot-list">
        {order.map((name) => {
          const index = indexOf(name);
          const slot = document.slots[index];
          if (!slot) return null;
          const count = issuesUnder(issues, `slots.${index}`).length;
          const wave = waves.get(name) ?? 0;
          return (
            <li key={`${index}:${name}`}>
              <button
                type="button"
                className={`stack-slot-item${index === selected ? ' stack-slot-item--active' : ''}`}
                onClick={() => onSelect(index)}
                aria-current={index === selected ? 'true' : undefined}
                data-testid="slot-item"
                data-name={name}
                data-wave={wave}
              >
                <span className="stack-slot-item__wave" title={wave === 0 ? 'In a dependency cycle' : `Deploys in wave ${wave}`}>
                  {wave === 0 ? '↻' : wave}
                </span>
                <span className="stack-slot-item__text">
                  <span className="stack-slot-item__name">{name}</span>
                  <span className="stack-slot-item__component">{slot.component}</span>
                </span>
                {count > 0 && (
                  <span className="tag tag--danger" title={`${count} problem${count === 1 ? '' : 's'}`}>
                    {count}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
      {plan.cycle.length > 0 && (
        <p className="field__problem">These slots wait for each other: {plan.cycle.join(', ')}. Remove one of the links.</p>
      )}
      {!readOnly && (
        <div className="stack-slots__add">
          <select
            className="input select"
            value={addReference}
            onChange={(event) => onAddReferenceChange(event.target.value)}
            aria-label="Component of the new slot"
            data-testid="add-slot-component"
            disabled={!references}
          >
            {references === null && <option value="">Loading…</option>}
            {references?.map((reference) => (
              <option key={reference}>{reference}</option>
            ))}
          </select>
          <button type="button" className="button button--small" onClick={onAdd} disabled={!addReference} data-testid="add-slot">
            <Icon name="plus" size={14} />
            <span>Add slot</span>
          </button>
        </div>
      )}
    </div>
  );
}
