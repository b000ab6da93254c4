import { useEffect, useMemo, useState } from 'react';
import type { StackDocument } from '../../../../engine/api/schemas/stacks';
import type { StackIssue } from '../model/issue-paths';
import { issuesAt } from '../model/issue-paths';
import { addSlot, removeSlot, renameSlot, setSlotInput, updateSlot } from '../model/stack-edits';
import { FieldIssues } from '../fields/TextField';
import { contractOutputs } from './contract-inputs';
import { SlotCodeView } from './SlotCodeView';
import { SlotEditor } from './SlotEditor';
import { SlotList } from './SlotList';
import type { ComponentContracts } from './use-component-contracts';

export interface SlotsPaneProps {
  document: StackDocument;
  issues: readonly StackIssue[];
  readOnly: boolean;
  contracts: ComponentContracts;
  /** Selects a slot from outside (the problems list); `token` changes to select it again. */
  focus: { index: number; token: number } | null;
  edit(update: (document: StackDocument) => StackDocument, key?: string): void;
}

/** The Slots tab: the slot list in plan order beside the selected slot's editor and its component's code. */
export function SlotsPane({ document, issues, readOnly, contracts, focus, edit }: SlotsPaneProps) {
  const [selected, setSelected] = useState(0);
  const [seenFocus, setSeenFocus] = useState(focus);
  if (focus !== seenFocus) {
    setSeenFocus(focus);
    if (focus) setSelected(focus.index);
  }
  const [addReference, setAddReference] = useState('');
  const references = contracts.references;
  const chosenReference = addReference || (references?.find((reference) => reference.startsWith('local-vm@')) ?? references?.[0] ?? '');
  const index = Math.min(selected, document.slots.length - 1);
  const slot = document.slots[index];
  const { request, contents } = contracts;

  // Every slot's component version: inputs for the table, outputs for the hints, code for the view.
  useEffect(() => {
    for (const entry of document.slots) request(entry.component);
  }, [document.slots, request]);

  const upstreamOutputs = useMemo(() => {
    const outputs = new Map<string, string[]>();
    for (const entry of document.slots) {
      const state = contents.get(entry.component);
      outputs.set(entry.name, state?.state === 'ready' ? contractOutputs(state.content.outputSchema) : []);
    }
    return outputs;
  }, [document.slots, contents]);

  return (
    <div className="stack-slots" data-testid="stack-slots">
      <SlotList
        document={document}
        issues={issues}
        selected={index}
        readOnly={readOnly}
        references={references}
        addReference={chosenReference}
        onAddReferenceChange={setAddReference}
        onSelect={setSelected}
        onAdd={() => {
          edit((current) => addSlot(current, chosenReference));
          setSelected(document.slots.length);
        }}
      />
      <div className="stack-slots__detail">
        <FieldIssues messages={issuesAt(issues, 'slots').map((issue) => issue.message)} testId="slots-problem" />
        {slot && (
          <>
            <SlotEditor
              document={document}
              index={index}
              issues={issues}
              readOnly={readOnly}
              references={references}
              contract={contents.get(slot.component)}
              upstreamOutputs={upstreamOutputs}
              onRename={(name) => edit((current) => renameSlot(current, slot.name, name))}
              onComponent={(component) => edit((current) => updateSlot(current, index, { component }))}
              onInput={(input, expression) =>
                edit((current) => setSlotInput(current, index, input, expression), `slots.${index}.inputs.${input}`)
              }
              onDependsOn={(dependsOn) => edit((current) => updateSlot(current, index, { dependsOn }))}
              onRemove={() => {
                edit((current) => removeSlot(current, index));
                setSelected(Math.max(0, index - 1));
              }}
            />
            <h4 className="stack-section-title">Program of {slot.component}</h4>
            <SlotCodeView reference={slot.component} contract={contents.get(slot.component)} />
          </>
        )}
      </div>
    </div>
  );
}
