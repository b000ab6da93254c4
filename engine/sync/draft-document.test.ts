import { describe, expect, it } from 'vitest';
import { userOfActor } from './actor-id.js';
import { DraftReplica } from './draft-document.js';

const component = {
  description: 'A web server',
  code: 'export function main() {\n  return 1;\n}\n\nexport function other() {\n  return 2;\n}\n',
  inputSchema: { type: 'object', properties: { size: { type: 'string', default: 'small' } } },
  outputSchema: { type: 'object', properties: {} },
  resolverBindings: {},
  secretInputs: [],
};

const stack = {
  description: 'Two tiers',
  parameters: { type: 'object', properties: {} },
  slots: [
    { name: 'web', component: 'web', version: 1, inputs: {} },
    { name: 'db', component: 'db', version: 1, inputs: {} },
  ],
  outputs: {},
  stateMachine: { states: [{ name: 'running', initial: true }], transitions: [] },
  operations: [],
  routing: [],
};

/** Three replicas of one document (as three desktops get it from the server). */
function three(kind: 'component' | 'stack', content: Record<string, unknown>) {
  const origin = DraftReplica.create(kind, content, 'server');
  const bytes = origin.save();
  return [DraftReplica.load(bytes, kind, 'ann'), DraftReplica.load(bytes, kind, 'bob'), DraftReplica.load(bytes, kind, 'cyd')] as const;
}

function syncAll(replicas: readonly DraftReplica[]): void {
  for (const from of replicas) for (const to of replicas) if (from !== to) to.receive(from.changesSince(to.heads()));
}

describe('DraftReplica', () => {
  it('reads back what it was given, and an unchanged save records no change', () => {
    const replica = DraftReplica.create('component', component, 'ann');
    expect(replica.read()).toEqual(component);
    expect(replica.apply(structuredClone(component))).toBe(false);
    expect(DraftReplica.load(replica.save(), 'component', 'bob').read()).toEqual(component);
  });

  it('merges offline edits of different places of the program, different fields and added keys, keeping every edit', () => {
    const [ann, bob, cyd] = three('component', component);
    ann.apply({ ...component, code: component.code.replace('return 1;', 'return 10;') });
    bob.apply({ ...component, code: component.code.replace('return 2;', 'return 20;'), description: 'A better web server' });
    cyd.apply({
      ...component,
      inputSchema: { type: 'object', properties: { size: { type: 'string', default: 'small' }, zone: { type: 'string' } } },
    });
    syncAll([ann, bob, cyd]);
    syncAll([ann, bob, cyd]);
    const merged = ann.read();
    expect(merged.code).toContain('return 10;');
    expect(merged.code).toContain('return 20;');
    expect(merged.description).toBe('A better web server');
    expect(Object.keys((merged.inputSchema as { properties: object }).properties)).toEqual(['size', 'zone']);
    expect(bob.read()).toEqual(merged);
    expect(cyd.read()).toEqual(merged);
    expect(ann.conflicts()).toEqual([]);
  });

  it('surfaces a field set on two replicas as a conflict with both values and who wrote each, and resolves it everywhere', () => {
    const [ann, bob] = three('component', component);
    const withDefault = (value: string) => ({
      ...component,
      inputSchema: { type: 'object', properties: { size: { type: 'string', default: value } } },
    });
    ann.apply(withDefault('medium'));
    bob.apply(withDefault('large'));
    syncAll([ann, bob]);
    const [conflict] = ann.conflicts();
    expect(conflict?.path).toEqual(['inputSchema', 'properties', 'size', 'default']);
    expect(conflict?.values.map((value) => value.value).sort()).toEqual(['large', 'medium']);
    expect(conflict?.values.map((value) => userOfActor(value.actor)).sort()).toEqual(['ann', 'bob']);
    expect(bob.conflicts()).toEqual(ann.conflicts());

    const medium = conflict!.values.find((value) => value.value === 'medium')!;
    bob.resolve(conflict!.path, medium.id);
    syncAll([ann, bob]);
    expect(ann.conflicts()).toEqual([]);
    expect((ann.read().inputSchema as { properties: { size: { default: string } } }).properties.size.default).toBe('medium');
    expect(() => bob.resolve(conflict!.path, medium.id)).toThrow(/holds no conflict/);
  });

  it('keeps a keyed list item by item: slots added, edited and removed on different replicas all merge', () => {
    const [ann, bob, cyd] = three('stack', stack);
    ann.apply({ ...stack, slots: [...stack.slots, { name: 'cache', component: 'cache', version: 1, inputs: {} }] });
    bob.apply({ ...stack, slots: [{ ...stack.slots[0]!, version: 2 }, stack.slots[1]!] });
    cyd.apply({ ...stack, slots: [stack.slots[0]!, stack.slots[1]!, { name: 'queue', component: 'queue', version: 1, inputs: {} }] });
    syncAll([ann, bob, cyd]);
    const slots = ann.read().slots as { name: string; version: number }[];
    expect(slots.map((slot) => slot.name).sort()).toEqual(['cache', 'db', 'queue', 'web']);
    expect(slots.find((slot) => slot.name === 'web')?.version).toBe(2);
    expect(bob.read()).toEqual(ann.read());
    expect(cyd.read()).toEqual(ann.read());
    expect(ann.conflicts()).toEqual([]);

    bob.apply({ ...bob.read(), slots: slots.filter((slot) => slot.name !== 'db') });
    syncAll([ann, bob, cyd]);
    expect((cyd.read().slots as { name: string }[]).map((slot) => slot.name)).not.toContain('db');
  });

  it('refuses bytes that are not a draft of its kind, garbage, and reserved keys, changing nothing', () => {
    const replica = DraftReplica.create('component', component, 'ann');
    const stackBytes = DraftReplica.create('stack', stack, 'ann').save();
    expect(() => DraftReplica.load(stackBytes, 'component', 'ann')).toThrow(/a stack draft, not a component draft/);
    expect(() => DraftReplica.load(new Uint8Array([1, 2, 3]), 'component', 'ann')).toThrow(/not a valid draft document/);
    expect(() => replica.receive(new Uint8Array([0x85, 0x6f, 0x4a, 0x83, 9, 9]))).toThrow(/not a valid draft document/);
    expect(() => replica.receive(stackBytes)).toThrow(/not a valid draft document/);
    // The same draft made separately is another document: merging it would hide one side's edits.
    expect(() => replica.receive(DraftReplica.create('component', component, 'bob').save())).toThrow(/made separately/);
    expect(() => replica.apply({ ...component, inputSchema: { '\u0000list': 'x' } })).toThrow(/reserve/);
    expect(replica.read()).toEqual(component);
  });

  it("takes an editor's save made from an older version as only what the editor changed, keeping what arrived since", () => {
    const [ann, bob, carl] = three('component', component);
    const seenByEditor = ann.heads();
    bob.apply({ ...component, code: component.code.replace('return 2;', 'return 20;'), description: 'Changed by Bob' });
    ann.receive(bob.changesSince(ann.heads()));
    // Ann's editor still shows the draft as it was, with her own edit on top.
    const edited = { ...component, code: component.code.replace('return 1;', 'return 10;') };
    expect(ann.applyFrom(seenByEditor, edited)).toBe(true);
    expect(ann.read().code).toContain('return 10;');
    expect(ann.read().code).toContain('return 20;');
    expect(ann.read().description).toBe('Changed by Bob');
    expect(ann.conflicts()).toEqual([]);
    // A plain apply of the same would have taken Bob's edits back.
    carl.receive(bob.changesSince([]));
    carl.apply(edited);
    expect(carl.read().code).not.toContain('return 20;');
  });

  it('makes a field the editor and another replica both changed since a conflict', () => {
    const [ann, bob] = three('component', component);
    const seenByEditor = ann.heads();
    bob.apply({ ...component, description: 'Bob' });
    ann.receive(bob.changesSince(ann.heads()));
    ann.applyFrom(seenByEditor, { ...component, description: 'Ann' });
    expect(ann.conflicts().map((conflict) => [conflict.path, conflict.values.map((value) => value.value).sort()])).toEqual([
      [['description'], ['Ann', 'Bob']],
    ]);
  });
});
