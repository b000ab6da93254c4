import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/api-error';
import type { ComponentContent, ComponentDetail } from '../api/entities';
import { ComponentSession, type ComponentApi } from './component-session';

const content = (code = 'export {}'): ComponentContent => ({
  description: 'A disk',
  code,
  inputSchema: { type: 'object', properties: { size: { type: 'integer' } } },
  outputSchema: { type: 'object', properties: {} },
  resolverBindings: {},
  secretInputs: [],
});

/** A catalog stand-in: drafts by name, published versions, and what the next save should do. */
class FakeCatalog implements ComponentApi {
  readonly drafts = new Map<string, { revision: number; draft: ComponentContent; versions: number[] }>();
  nextSaveError: unknown = null;
  /** Edits made elsewhere that the next save merges with (a shared draft). */
  mergeOnSave: ((sent: ComponentContent) => ComponentContent) | null = null;
  resolved: { name: string; path: string[]; valueId: string }[] = [];
  saves: { name: string; expectedRevision: number; content: ComponentContent }[] = [];

  add(name: string, draft = content(), versions: number[] = []): void {
    this.drafts.set(name, { revision: 1, draft, versions });
  }

  detail(name: string): ComponentDetail {
    const entry = this.drafts.get(name);
    if (!entry) throw new ApiError('not_found', `no component ${name}`);
    return {
      id: name,
      name,
      provider: 'local',
      semanticType: 'disk',
      category: 'storage',
      tenant: null,
      system: false,
      description: entry.draft.description,
      latestVersion: entry.versions.at(-1) ?? null,
      draftRevision: entry.revision,
      draft: entry.draft,
      versions: entry.versions.map((version) => ({ version, changelog: '', publishedAt: '2026-01-01T00:00:00Z', publishedBy: 'me' })),
    };
  }

  listComponents = async () =>
    [...this.drafts.keys()].map((name) => {
      const { draft: _draft, versions: _versions, ...summary } = this.detail(name);
      return summary;
    });

  getComponent = async ({ name }: { name: string }) => this.detail(name);

  getComponentVersion = async ({ name, version }: { name: string; version: number }) => {
    if (!this.drafts.get(name)?.versions.includes(version)) throw new ApiError('not_found', `no version ${version}`);
    return content(`// version ${version}`);
  };

  updateComponentDraft = async (sent: { name: string; expectedRevision: number; content: unknown }) => {
    const input = { ...sent, content: sent.content as ComponentContent };
    this.saves.push(input);
    if (this.nextSaveError) {
      const error = this.nextSaveError;
      this.nextSaveError = null;
      throw error;
    }
    const entry = this.drafts.get(input.name)!;
    entry.revision += 1;
    entry.draft = this.mergeOnSave ? this.mergeOnSave(input.content) : input.content;
    return this.detail(input.name);
  };

  discarded: string[] = [];
  discardLocalDraft = async ({ name }: { kind: 'component' | 'stack'; name: string }) => {
    this.discarded.push(name);
    const onServer = !name.startsWith('local-');
    if (!onServer) this.drafts.delete(name);
    return { discarded: true, onServer };
  };

  resolveComponentDraftConflict = async (input: { name: string; path: string[]; valueId: string }) => {
    this.resolved.push(input);
    const entry = this.drafts.get(input.name)!;
    entry.revision += 1;
    entry.draft = { ...entry.draft, description: `kept ${input.valueId}` };
    return this.detail(input.name);
  };
}

const setup = async () => {
  const catalog = new FakeCatalog();
  catalog.add('disk', content(), [1]);
  catalog.add('bucket');
  const notifier = { error: vi.fn() };
  const session = new ComponentSession(catalog, notifier);
  await session.refreshList();
  await session.openComponent('disk');
  return { catalog, notifier, session };
};

describe('ComponentSession', () => {
  it('lists and opens a component with a clean draft', async () => {
    const { session } = await setup();
    const snapshot = session.getSnapshot();
    expect(snapshot.components?.map((entry) => entry.name)).toEqual(['bucket', 'disk']);
    expect(snapshot.open?.name).toBe('disk');
    expect(snapshot.dirty).toBe(false);
    expect(snapshot.canUndo).toBe(false);
  });

  it('tells subscribers about each change, with a new snapshot', async () => {
    const { session } = await setup();
    const heard = vi.fn();
    const unsubscribe = session.subscribe(heard);
    const before = session.getSnapshot();
    session.selectTab('history');
    expect(heard).toHaveBeenCalledTimes(1);
    expect(session.getSnapshot()).not.toBe(before);
    expect(session.getSnapshot().tab).toBe('history');
    unsubscribe();
    session.selectTab('code');
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('undoes and redoes form edits, keeping the program as it is', async () => {
    const { session } = await setup();
    session.edit((current) => ({ ...current, description: 'A bigger disk' }));
    session.editCode('export const size = 2;');
    expect(session.getSnapshot().dirty).toBe(true);
    const token = session.getSnapshot().historyToken;
    session.undo();
    expect(session.getSnapshot().content?.description).toBe('A disk');
    expect(session.getSnapshot().content?.code).toBe('export const size = 2;');
    expect(session.getSnapshot().historyToken).toBe(token + 1);
    session.redo();
    expect(session.getSnapshot().content?.description).toBe('A bigger disk');
  });

  it('leaves no step when an edit is typed back to what it was', async () => {
    const { session } = await setup();
    session.edit((current) => ({ ...current, description: 'x' }), { key: 'description' });
    session.edit((current) => ({ ...current, description: 'A disk' }), { key: 'description' });
    expect(session.getSnapshot().canUndo).toBe(false);
    expect(session.getSnapshot().dirty).toBe(false);
  });

  it('saves against the revision it came from', async () => {
    const { catalog, session } = await setup();
    session.edit((current) => ({ ...current, description: 'Saved' }));
    expect(await session.save()).toBe(true);
    expect(catalog.saves).toEqual([{ name: 'disk', expectedRevision: 1, content: expect.objectContaining({ description: 'Saved' }) }]);
    expect(session.getSnapshot().dirty).toBe(false);
    expect(session.getSnapshot().open?.revision).toBe(2);
    expect(session.getSnapshot().saving).toBe(false);
  });

  it('refuses to save while edits are pending, and lists them', async () => {
    const { catalog, session } = await setup();
    session.edit((current) => ({ ...current, description: 'Saved' }));
    session.reportPending('input:size', 'The name "size" is taken');
    expect(await session.save()).toBe(false);
    expect(catalog.saves).toHaveLength(0);
    expect(session.getSnapshot().blockedSave).toBe(true);
    expect(session.getSnapshot().pendingMessages).toEqual(['The name "size" is taken']);
    session.reportPending('input:size', null);
    expect(await session.save()).toBe(true);
    expect(session.getSnapshot().blockedSave).toBe(false);
  });

  it('records a revision conflict instead of saving over another change', async () => {
    const { catalog, notifier, session } = await setup();
    session.edit((current) => ({ ...current, description: 'Mine' }));
    catalog.nextSaveError = new ApiError('revision_conflict', 'changed elsewhere', { actual: 3 });
    expect(await session.save()).toBe(false);
    expect(session.getSnapshot().conflict).toEqual({ yours: 1, theirs: 3 });
    expect(session.getSnapshot().dirty).toBe(true);
    expect(notifier.error).not.toHaveBeenCalled();
  });

  it('opens the tab where a refused save can be fixed', async () => {
    const { catalog, session } = await setup();
    session.edit((current) => ({ ...current, description: 'Mine' }));
    catalog.nextSaveError = new ApiError('invalid_schema', 'output_schema is not a schema', {
      schema: 'output_schema',
      issues: [{ path: '/properties/ip/type', message: 'bad' }],
    });
    expect(await session.save()).toBe(false);
    const snapshot = session.getSnapshot();
    expect(snapshot.problem).toMatchObject({ area: 'outputs', property: 'ip' });
    expect(snapshot.tab).toBe('contract');
    expect(snapshot.side).toBe('outputs');
    // Moving away keeps the problem; "Show" comes back to it.
    session.selectTab('code');
    session.selectSide('inputs');
    session.showProblem();
    expect(session.getSnapshot().tab).toBe('contract');
    expect(session.getSnapshot().side).toBe('outputs');
  });

  it('reports a failed save it cannot place', async () => {
    const { catalog, notifier, session } = await setup();
    session.edit((current) => ({ ...current, description: 'Mine' }));
    catalog.nextSaveError = new ApiError('connection_lost', 'gone');
    expect(await session.save()).toBe(false);
    expect(notifier.error).toHaveBeenCalledWith('Could not save the component', expect.any(ApiError));
    expect(session.getSnapshot().tab).toBe('code');
  });

  it('drops pending edits, a blocked save and a reveal when another version or component is shown', async () => {
    const { session } = await setup();
    session.reportPending('input:size', 'taken');
    await session.save();
    session.goToLine(3, 1);
    expect(session.getSnapshot().reveal).toEqual({ line: 3, column: 1, token: 1 });
    expect(session.getSnapshot().tab).toBe('code');

    await session.openVersion(1);
    let snapshot = session.getSnapshot();
    expect(snapshot.viewing?.version).toBe(1);
    expect(snapshot.shown?.code).toBe('// version 1');
    expect(snapshot).toMatchObject({ pending: {}, pendingMessages: [], blockedSave: false, reveal: null });

    session.reportPending('binding:size', 'unfinished');
    await session.openComponent('bucket');
    snapshot = session.getSnapshot();
    expect(snapshot.open?.name).toBe('bucket');
    expect(snapshot.viewing).toBeNull();
    expect(snapshot.pending).toEqual({});
  });

  it('keeps pending edits while the same draft is edited', async () => {
    const { session } = await setup();
    session.reportPending('input:size', 'taken');
    session.edit((current) => ({ ...current, description: 'Mine' }));
    session.selectTab('bindings');
    expect(session.getSnapshot().pendingMessages).toEqual(['taken']);
  });

  it('ignores program edits while a published version is shown', async () => {
    const { session } = await setup();
    await session.openVersion(1);
    session.editCode('changed');
    expect(session.getSnapshot().content?.code).toBe('export {}');
    expect(session.getSnapshot().dirty).toBe(false);
  });

  it('saves before publishing, and not at all from a published version', async () => {
    const { catalog, session } = await setup();
    session.edit((current) => ({ ...current, description: 'Mine' }));
    expect(await session.publish()).toBe(true);
    expect(catalog.saves).toHaveLength(1);
    expect(session.getSnapshot().publishing).toBe(true);
    session.cancelPublishing();
    await session.openVersion(1);
    expect(await session.publish()).toBe(false);
    expect(session.getSnapshot().publishing).toBe(false);
  });

  it('reads the versions again after a publish', async () => {
    const { catalog, session } = await setup();
    await session.publish();
    catalog.drafts.get('disk')!.versions.push(2);
    await session.published();
    const snapshot = session.getSnapshot();
    expect(snapshot.publishing).toBe(false);
    expect(snapshot.historyRevision).toBe(1);
    expect(snapshot.open?.versions.map((entry) => entry.version)).toEqual([1, 2]);
  });

  it('reports a component it cannot open and stays where it was', async () => {
    const { notifier, session } = await setup();
    await session.openComponent('missing');
    expect(notifier.error).toHaveBeenCalledWith('Could not open missing', expect.any(ApiError));
    expect(session.getSnapshot().open?.name).toBe('disk');
    expect(session.getSnapshot().opening).toBe(false);
  });

  it('shows a shared draft that came back merged with edits made elsewhere, as one undoable step', async () => {
    const { catalog, session } = await setup();
    catalog.mergeOnSave = (sent) => ({ ...sent, description: 'Changed on another desktop' });
    const loadToken = session.getSnapshot().open!.loadToken;
    session.editCode('export const mine = 1;');
    expect(await session.save()).toBe(true);
    const after = session.getSnapshot();
    expect(after.content?.code).toBe('export const mine = 1;');
    expect(after.content?.description).toBe('Changed on another desktop');
    expect(after.dirty).toBe(false);
    expect(after.open!.loadToken).toBeGreaterThan(loadToken);
    session.undo();
    expect(session.getSnapshot().content?.description).toBe('A disk');
  });

  it('keeps a conflict value after saving unsaved edits first, and shows the draft that comes back', async () => {
    const { catalog, session } = await setup();
    session.editCode('export const typed = 1;');
    await session.keepConflictValue(['inputSchema', 'properties', 'size', 'type'], '7@bob');
    expect(catalog.saves.map((save) => save.content.code)).toEqual(['export const typed = 1;']);
    expect(catalog.resolved).toEqual([{ name: 'disk', path: ['inputSchema', 'properties', 'size', 'type'], valueId: '7@bob' }]);
    expect(session.getSnapshot().content?.description).toBe('kept 7@bob');
    expect(session.getSnapshot().resolving).toBeNull();
  });

  it('discards a draft made offline: it leaves the list and nothing is open; edits of a draft on the server reopen it from there', async () => {
    const { catalog, session } = await setup();
    catalog.add('local-queue');
    await session.refreshList();
    await session.openComponent('local-queue');
    await session.discardLocal();
    expect(catalog.discarded).toEqual(['local-queue']);
    expect(session.getSnapshot().open).toBeNull();
    expect(session.getSnapshot().components?.map((entry) => entry.name)).not.toContain('local-queue');

    await session.openComponent('disk');
    session.editCode('export const unsent = 1;');
    await session.discardLocal();
    expect(session.getSnapshot().open?.name).toBe('disk');
    expect(session.getSnapshot().content?.code).toBe('export {}');
  });

  it("shows another user's change of the open draft at once when nothing is unsaved, and keeps unsaved edits otherwise", async () => {
    const { catalog, session } = await setup();
    catalog.drafts.get('disk')!.draft = { ...content(), description: 'Changed by Bob' };
    catalog.drafts.get('disk')!.revision += 1;
    await session.draftChanged('disk', 'Bob');
    expect(session.getSnapshot().content?.description).toBe('Changed by Bob');
    expect(session.getSnapshot().dirty).toBe(false);
    expect(session.getSnapshot().remoteChange).toMatch(/Bob changed this draft; it is shown as it is now/);
    // Another component's notice changes nothing here.
    await session.draftChanged('bucket', 'Bob');
    expect(session.getSnapshot().content?.description).toBe('Changed by Bob');

    session.editCode('export const mine = 2;');
    catalog.drafts.get('disk')!.draft = { ...content(), description: 'Changed again' };
    await session.draftChanged('disk', null);
    expect(session.getSnapshot().content?.code).toBe('export const mine = 2;');
    expect(session.getSnapshot().content?.description).toBe('Changed by Bob');
    expect(session.getSnapshot().remoteChange).toMatch(/Someone changed this draft; your unsaved edits merge/);
    await session.save();
    expect(session.getSnapshot().remoteChange).toBeNull();
  });
});
