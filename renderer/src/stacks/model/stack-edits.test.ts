import { describe, expect, it } from 'vitest';
import { haWebStackDocument } from '../../../../engine/common/examples/ha-web-stack';
import {
  addSlot,
  freshSlotName,
  newOperation,
  outputNameProblem,
  removeSlot,
  renameOutput,
  renameSlot,
  renameSlotReference,
  setSlotInput,
  slotNameProblem,
  stepOfKind,
  withStateMachine,
} from './stack-edits';
import { renameState } from './machine-edits';

describe('stack document edits', () => {
  it('renames slot references in expressions but not inside strings or longer names', () => {
    expect(renameSlotReference("concat(slots.web1.ip, 'slots.web1', slots.web10.ip)", 'web1', 'front')).toBe(
      "concat(slots.front.ip, 'slots.web1', slots.web10.ip)",
    );
  });

  it('renames a slot with every expression, dependency and step that names it', () => {
    const document = {
      ...haWebStackDocument(),
      slots: haWebStackDocument().slots.map((slot) => (slot.name === 'dns' ? { ...slot, dependsOn: ['web2'] } : slot)),
    };
    const next = renameSlot(document, 'web1', 'front');
    expect(next.slots.map((slot) => slot.name)).toEqual(['net', 'front', 'web2', 'dns']);
    expect(next.slots[3]?.inputs['ip_address']).toBe('slots.front.ip_address');
    expect(next.outputs['web1']).toBe('slots.front.endpoint');
    expect(next.operations[1]?.steps[0]).toEqual({ kind: 'command', slot: 'front', command: ['ls', '-1'] });
    const renamedNet = renameSlot(next, 'web2', 'back');
    expect(renamedNet.slots[3]?.dependsOn).toEqual(['back']);
  });

  it('adds slots named after their component and removes them from dependencies', () => {
    const document = haWebStackDocument();
    expect(freshSlotName(document, 'local-vm@1')).toBe('vm');
    const added = addSlot(addSlot(document, 'local-vm@1'), 'local-vm@1');
    expect(added.slots.slice(-2).map((slot) => slot.name)).toEqual(['vm', 'vm_2']);
    const depending = { ...added, slots: added.slots.map((slot) => (slot.name === 'vm_2' ? { ...slot, dependsOn: ['vm'] } : slot)) };
    const removed = removeSlot(depending, 4);
    expect(removed.slots.map((slot) => slot.name)).toEqual(['net', 'web1', 'web2', 'dns', 'vm_2']);
    expect(removed.slots[4]?.dependsOn).toBeUndefined();
    expect(slotNameProblem(document, 0, 'web1')).toMatch(/already/);
  });

  it('sets an input expression, and an empty one removes the input', () => {
    const document = haWebStackDocument();
    expect(setSlotInput(document, 1, 'cores', '2').slots[1]?.inputs['cores']).toBe('2');
    expect(setSlotInput(document, 1, 'cores', '  ').slots[1]?.inputs).not.toHaveProperty('cores');
  });

  it('follows a state renamed in the diagram into the operations', () => {
    const document = haWebStackDocument();
    const next = withStateMachine(document, renameState(document.stateMachine, 'degraded', 'impaired'));
    expect(next.operations[0]?.requiredStates).toEqual(['impaired']);
    expect(next.operations[1]?.requiredStates).toEqual(['active', 'impaired']);
  });

  it('renames outputs in place and refuses duplicates', () => {
    const document = haWebStackDocument();
    expect(Object.keys(renameOutput(document, 'web1', 'first').outputs)).toEqual(['url', 'first', 'web2']);
    expect(outputNameProblem(document, 'web1', 'url')).toMatch(/already/);
    expect(outputNameProblem(document, 'web1', ' ')).toMatch(/Name/);
  });

  it('starts operations and steps the engine accepts', () => {
    const operation = newOperation(haWebStackDocument());
    expect(operation).toMatchObject({ name: 'operation', requiredStates: ['deploying'], steps: [{ kind: 'refresh' }] });
    expect(stepOfKind('command', { kind: 'refresh', slot: 'web1' })).toEqual({ kind: 'command', slot: 'web1', command: ['true'] });
    expect(stepOfKind('wait', { kind: 'refresh', slot: 'web1' })).toEqual({ kind: 'wait', seconds: 10 });
  });
});
