import * as Automerge from '@automerge/automerge';
import { describe, expect, it } from 'vitest';
import { actorForUser, userOfActor } from './actor-id.js';
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

/** A change written straight into the CRDT, as a client that does not use `DraftReplica` could. */
function forged(replica: DraftReplica, edit: (doc: { content: Record<string, unknown> }) => void): Uint8Array {
  const doc = Automerge.load<{ content: Record<string, unknown> }>(replica.save(), actorForUser('mallory'));
  return Automerge.saveSince(Automerge.change(doc, edit), Automerge.getHeads(doc));
}

const nested = (depth: number, leaf: unknown, wrap: (inner: unknown) => unknown) => {
  let value = leaf;
  for (let level = 0; level < depth; level++) value = wrap(value);
  return value;
};

describe('DraftReplica under hostile content', () => {
  it('refuses keys the CRDT cannot hold faithfully, naming where, and keeps lists named by them whole', () => {
    const replica = DraftReplica.create('component', component, 'ann');
    const proto = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}}}') as Record<string, unknown>;
    expect(() => replica.apply({ ...component, inputSchema: proto })).toThrow(
      /cannot be kept as a shared document: the key at inputSchema\.properties\.__proto__ is __proto__/,
    );
    expect(() => DraftReplica.create('component', { ...component, inputSchema: proto }, 'ann')).toThrow(/__proto__/);
    expect(replica.read()).toEqual(component);
    // Items named by keys that cannot be map keys: the list stays one value, read back as it was.
    const slots = [
      { name: '__proto__', component: 'web' },
      { name: '\u0000order', component: 'db' },
      { name: 'constructor', component: 'cache' },
    ];
    const stackReplica = DraftReplica.create('stack', { ...stack, slots }, 'ann');
    expect(stackReplica.read().slots).toEqual(slots);
    expect(DraftReplica.load(stackReplica.save(), 'stack', 'bob').read().slots).toEqual(slots);
  });

  it('removes a field named like an inherited property (constructor, toString) when the draft drops it', () => {
    const replica = DraftReplica.create(
      'component',
      { ...component, resolverBindings: { constructor: 'a', toString: 'b', keep: 'c' } },
      'ann',
    );
    expect(replica.apply({ ...component, resolverBindings: { keep: 'c' } })).toBe(true);
    expect(replica.read().resolverBindings).toEqual({ keep: 'c' });
  });

  it('refuses text that is not Unicode, nesting deeper than drafts may, and values JSON has no form for, naming where', () => {
    const replica = DraftReplica.create('component', component, 'ann');
    expect(() => replica.apply({ ...component, description: 'half \uD800 a pair' })).toThrow(
      /the text at description holds a lone surrogate \(U\+D800\) at character 6/,
    );
    expect(() => replica.apply({ ...component, resolverBindings: { ['key\uDC00']: 1 } })).toThrow(
      /the key at "key\\udc00" holds a lone surrogate|the key at .*holds a lone surrogate \(U\+DC00\)/,
    );
    expect(() => replica.apply({ ...component, code: 'x'.repeat(1000) + '\uDBFF' })).toThrow(/the text at code holds a lone surrogate/);
    const deepObject = nested(10_000, 'leaf', (inner) => ({ a: inner }));
    expect(() => replica.apply({ ...component, inputSchema: deepObject as Record<string, unknown> })).toThrow(
      /inputSchema\.a\.a.*is nested more than 100 levels deep/,
    );
    expect(() => replica.apply({ ...component, secretInputs: nested(10_000, 'x', (inner) => [inner]) as never })).toThrow(
      /nested more than 100 levels deep/,
    );
    expect(() => replica.apply({ ...component, resolverBindings: { big: 10n } })).toThrow(
      /resolverBindings\.big is a bigint, not a JSON value/,
    );
    expect(() => replica.apply({ ...component, resolverBindings: { when: new Date(0) } })).toThrow(/resolverBindings\.when is a Date/);
    expect(() => replica.apply({ ...component, resolverBindings: { size: Number.NaN } })).toThrow(/resolverBindings\.size is NaN/);
    expect(replica.read()).toEqual(component);
    // Deep but within bounds, and wide, are kept.
    const deepEnough = nested(90, 1, (inner) => ({ a: inner })) as Record<string, unknown>;
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`input${index}`, { type: 'string' }]));
    replica.apply({ ...component, resolverBindings: deepEnough, inputSchema: { type: 'object', properties: wide } });
    expect(DraftReplica.load(replica.save(), 'component', 'bob').read()).toEqual({
      ...component,
      resolverBindings: deepEnough,
      inputSchema: { type: 'object', properties: wide },
    });
  });

  it('refuses a forged change nesting maps too deep or holding CRDT counters, naming where, changing nothing', () => {
    const replica = DraftReplica.create('component', component, 'ann');
    const deep = forged(replica, (doc) => {
      let map = doc.content;
      for (let level = 0; level < 150; level++) {
        map['a'] = {};
        map = map['a'] as Record<string, unknown>;
      }
    });
    expect(() => replica.receive(deep, 'change 1 of 1')).toThrow(
      /change 1 of 1 is not a valid draft document: .*nested more than 100 levels deep at a\.a/,
    );
    expect(() => replica.receive(forged(replica, (doc) => void (doc.content['hits'] = new Automerge.Counter(3))))).toThrow(
      /a counter at hits/,
    );
    expect(replica.read()).toEqual(component);
  });

  it('refuses a draft larger than a shared draft may hold, saved or received, changing nothing', () => {
    const replica = DraftReplica.create('component', component, 'ann');
    const huge = ['x'.repeat(9 * 1024 * 1024)];
    expect(() => replica.apply({ ...component, secretInputs: huge })).toThrow(
      /draft is 9\.0 MiB of JSON, more than a shared draft may hold \(8 MiB\)/,
    );
    const forgedHuge = forged(replica, (doc) => void (doc.content['secretInputs'] = new TextEncoder().encode(JSON.stringify(huge))));
    expect(() => replica.receive(forgedHuge, 'change 1 of 1')).toThrow(
      /change 1 of 1 is not a valid draft document: its draft is 9\.0 MiB/,
    );
    expect(replica.read()).toEqual(component);
  });

  it('refuses a cut message and changes whose history it lacks, instead of taking part of them silently', () => {
    const [ann, bob] = three('component', component);
    const start = ann.heads();
    ann.apply({ ...component, description: 'first' });
    const middle = ann.heads();
    ann.apply({ ...component, description: 'second' });
    const both = ann.changesSince(start);
    expect(() => bob.receive(both.subarray(0, both.length - 3), 'change 1 of 2')).toThrow(/change 1 of 2 .*chunk 2 .*is cut short/);
    expect(() => bob.receive(new Uint8Array([...both, 1, 2, 3]))).toThrow(/chunk 3 .*does not start as a CRDT chunk/);
    expect(() => bob.receive(ann.changesSince(middle))).toThrow(/depends on 1 change this replica does not have/);
    expect(bob.read()).toEqual(component);
    expect(bob.heads()).toEqual(start);
    bob.receive(both);
    expect(bob.read().description).toBe('second');
  });

  it('merges edits at both ends of a program near 1 MiB, and keeps every edit of a list whose items share a name for a while, or that was emptied', () => {
    const big = { ...component, code: `// start\n${'x = 1;\n'.repeat(149_000)}// end\n` };
    expect(big.code.length).toBeGreaterThan(1_000_000);
    const [ann, bob] = three('component', big);
    ann.apply({ ...big, code: big.code.replace('// start', '// start edited') });
    bob.apply({ ...big, code: big.code.replace('// end', '// end edited') });
    syncAll([ann, bob]);
    expect(ann.read().code).toBe(big.code.replace('// start', '// start edited').replace('// end', '// end edited'));
    expect(bob.read()).toEqual(ann.read());

    const [cyd, dan] = three('stack', stack);
    syncAll([cyd, dan]);
    const duplicates = [stack.slots[0]!, { ...stack.slots[0]!, version: 2 }];
    cyd.apply({ ...stack, slots: duplicates });
    expect(cyd.read().slots).toEqual(duplicates);
    // Meanwhile another replica edits an item: a list with a name typed twice is still kept item by item, so both edits stay.
    dan.apply({ ...stack, slots: [{ ...stack.slots[0]!, version: 3 }, stack.slots[1]!] });
    syncAll([cyd, dan]);
    expect(dan.read()).toEqual(cyd.read());
    expect(cyd.conflicts()).toEqual([]);
    expect((cyd.read().slots as { name: string; version: number }[]).map((slot) => [slot.name, slot.version])).toEqual([
      ['web', 3],
      ['web', 2],
    ]);
    // Emptied and filled again on two replicas: both new items kept.
    cyd.apply({ ...stack, slots: [] });
    syncAll([cyd, dan]);
    cyd.apply({ ...stack, slots: [stack.slots[0]!] });
    dan.apply({ ...stack, slots: [stack.slots[1]!] });
    syncAll([cyd, dan]);
    expect((dan.read().slots as { name: string }[]).map((slot) => slot.name).sort()).toEqual(['db', 'web']);
    expect(cyd.read()).toEqual(dan.read());
  });
});
