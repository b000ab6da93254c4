import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { NimbusApi, Topology, TopologyDocument, TopologySummary } from '../../../engine/api/contract';
import type { TopologyDraft } from '../../../engine/api/schemas/topology';
import type { Notifier } from '../toasts/ToastProvider';
import { useRevisionedSave } from '../ui/use-revisioned-save';
import type { PlannerEditor, PlannerEditorState } from './create-planner-editor';
import { mergeRemote } from './co-editing/document-merge';
import { documentKey } from './document-key';
import { useTopologyAutosave } from './files/use-topology-autosave';
import { useBlockedReason } from '../permissions/PermissionProvider';

export const EMPTY_EDITOR_STATE: PlannerEditorState = {
  nodeCount: 0,
  connectionCount: 0,
  selectedCount: 0,
  canUndo: false,
  canRedo: false,
  selected: null,
  structureVersion: 0,
};

/** The topology being edited, as far as the page needs to show and save it. */
export interface OpenTopology {
  id: string;
  name: string;
  revision: number;
}

/** What reading a topology again after another user's change did to the canvas. */
export interface RemoteChangeApplied {
  revision: number;
  /** The user had unsaved edits, and they stay on the canvas over the other user's change. */
  keptLocal: boolean;
  /** There were steps to undo; undo now starts from here (its steps may name what the change removed). */
  undoReset: boolean;
  /** Whether the canvas changed (a read may bring only what the canvas shows already, e.g. this user's own edit). */
  changed: boolean;
}

/** What the canvas shows of a document, frames included. */
const canvasKey = (document: TopologyDocument): string => `${documentKey(document)}${JSON.stringify(document.frames ?? [])}`;

/** Unsaved edits kept from an earlier session, offered when their topology is opened. */
export interface DraftOffer {
  draft: TopologyDraft;
  /** The topology's saved revision now; differs from `draft.baseRevision` when it was saved since. */
  currentRevision: number;
}

/**
 * The planner's link between the canvas and the API: which topology is open, whether the canvas differs
 * from what was last saved, saving with the revision it was based on, and conflicts. Unsaved edits are
 * autosaved as a draft; opening a topology with a draft offers to restore it.
 */
export function useTopologySession(api: NimbusApi, notifier: Notifier) {
  const [topologies, setTopologies] = useState<TopologySummary[] | null>(null);
  // `loaded` changes only when a document comes from the server; saving must not reload the canvas.
  const [loaded, setLoaded] = useState<{ topology: Topology; token: number } | null>(null);
  const [open, setOpen] = useState<OpenTopology | null>(null);
  const [editor, setEditor] = useState<PlannerEditor | null>(null);
  const [editorState, setEditorState] = useState<PlannerEditorState>(EMPTY_EDITOR_STATE);
  const [dirty, setDirty] = useState(false);
  const [opening, setOpening] = useState(false);
  const { saving, conflict, clearConflict, saveAt } = useRevisionedSave(notifier, 'Could not save the topology');
  const savingRef = useRef(false);
  const savedKey = useRef<string | null>(null);
  // The document last read or saved: what the user's unsaved edits are edits of (the merge base).
  const savedDocument = useRef<TopologyDocument | null>(null);
  // A change heard of while a save was in flight: read again once the save is done.
  const pendingRemote = useRef<number | null>(null);
  const openRef = useRef<OpenTopology | null>(null);
  // What the latest render saw, for reads that finish later.
  useLayoutEffect(() => {
    savingRef.current = saving;
    openRef.current = open;
  });
  const loadToken = useRef(0);
  const [draftOffer, setDraftOffer] = useState<DraftOffer | null>(null);
  // Counts document edits: the autosave waits for a pause after the last one.
  const [changeCount, setChangeCount] = useState(0);
  // Counts finished saves (done or refused), for what waits on them.
  const [savedCount, setSavedCount] = useState(0);
  const draftsAllowed = useBlockedReason('saveTopologyDraft') === null;
  const autosave = useTopologyAutosave({
    enabled: draftsAllowed,
    api,
    open,
    // While a kept draft is on offer, autosaving would overwrite it before the user chose; while a save
    // is in flight, a draft of the old revision could land after the save dropped the draft.
    dirty: dirty && draftOffer === null && !saving,
    changeToken: changeCount,
    getDocument: () => editor?.toDocument() ?? null,
    onError: (error) => notifier.error('Could not keep the unsaved changes', error),
  });
  const { findDraft, hold: holdAutosave } = autosave;

  const refreshList = useCallback(async () => {
    try {
      setTopologies(await api.listTopologies({}));
    } catch (error) {
      notifier.error('Could not list topologies', error);
      setTopologies((previous) => previous ?? []);
    }
  }, [api, notifier]);

  const openTopology = useCallback(
    async (id: string) => {
      setOpening(true);
      try {
        const topology = await api.getTopology({ id });
        // A draft that cannot be read must not keep the topology closed.
        const draft = await findDraft(topology.id, topology.document).catch((error: unknown) => {
          notifier.error('Could not look for unsaved changes', error);
          return null;
        });
        loadToken.current += 1;
        pendingRemote.current = null;
        // The canvas is about to be replaced: nothing on it is unsaved any more (and nothing to autosave).
        setDirty(false);
        setLoaded({ topology, token: loadToken.current });
        setOpen({ id: topology.id, name: topology.name, revision: topology.revision });
        setDraftOffer(draft ? { draft, currentRevision: topology.revision } : null);
        clearConflict();
        return true;
      } catch (error) {
        notifier.error('Could not open the topology', error);
        return false;
      } finally {
        setOpening(false);
      }
    },
    [api, notifier, clearConflict, findDraft],
  );

  /**
   * Puts the kept draft on the canvas as unsaved changes based on the draft's revision: when the
   * topology was saved since, saving it goes through the usual revision conflict.
   */
  const restoreDraft = useCallback(async () => {
    if (!editor || !draftOffer || savedKey.current === null) return;
    const { draft } = draftOffer;
    setDraftOffer(null);
    await editor.load(draft.document);
    setOpen((current) => (current && current.id === draft.id ? { ...current, revision: draft.baseRevision } : current));
    setDirty(documentKey(editor.toDocument()) !== savedKey.current);
    setEditorState(editor.getState());
    setChangeCount((count) => count + 1);
  }, [editor, draftOffer]);

  const discardDraft = useCallback(async () => {
    if (!draftOffer) return;
    setDraftOffer(null);
    try {
      await autosave.discardDraft(draftOffer.draft.id);
    } catch (error) {
      notifier.error('Could not discard the unsaved changes', error);
    }
  }, [autosave, draftOffer, notifier]);

  const createTopology = useCallback(
    async (name: string): Promise<Topology | null> => {
      try {
        const topology = await api.createTopology({ name });
        setTopologies((previous) => [topology, ...(previous ?? [])].map(toSummary));
        return topology;
      } catch (error) {
        notifier.error('Could not create the topology', error);
        return null;
      }
    },
    [api, notifier],
  );

  const onEditorChange = useCallback(
    (documentChanged: boolean) => {
      if (!editor) return;
      setEditorState(editor.getState());
      if (documentChanged && savedKey.current !== null) {
        setDirty(documentKey(editor.toDocument()) !== savedKey.current);
        setChangeCount((count) => count + 1);
      }
    },
    [editor],
  );

  // Put a freshly fetched document on the canvas once both exist.
  useEffect(() => {
    if (!editor || !loaded) return;
    let cancelled = false;
    savedKey.current = null;
    savedDocument.current = null;
    void editor.load(loaded.topology.document).then(() => {
      if (cancelled) return;
      savedDocument.current = editor.toDocument();
      savedKey.current = documentKey(savedDocument.current);
      setDirty(false);
      setEditorState(editor.getState());
    });
    return () => {
      cancelled = true;
    };
  }, [editor, loaded]);

  /**
   * Reads the open topology again after another user's change (a `topology.changed` notice at
   * `revision`) and brings the canvas to it in place, the user's unsaved edits laid over it (see
   * `mergeRemote`). An older revision than the one shown does nothing, and a document the canvas
   * shows already changes nothing on it; while a save is in flight the read waits
   * for it, so the save is never overwritten (the engine merges it; the read then shows the result).
   */
  const readTurn = useRef<Promise<unknown>>(Promise.resolve());
  const readOnce = useCallback(
    async (revision: number | null): Promise<RemoteChangeApplied | null> => {
      const current = openRef.current;
      if (!editor || !current || savedKey.current === null) return null;
      // An older revision than the one shown is news of nothing; the same one is read (a replica's
      // merge may change the document without a new revision number).
      if (revision !== null && revision < current.revision) return null;
      if (savingRef.current) {
        pendingRemote.current = Math.max(pendingRemote.current ?? 0, revision ?? current.revision + 1);
        return null;
      }
      const token = loadToken.current;
      const topology = await api.getTopology({ id: current.id });
      const now = openRef.current;
      // Another topology opened, a load started or a save landed meanwhile: this read is stale.
      if (!now || now.id !== topology.id || token !== loadToken.current || topology.revision < now.revision || savingRef.current) {
        if (savingRef.current) pendingRemote.current = Math.max(pendingRemote.current ?? 0, topology.revision);
        return null;
      }
      const local = editor.toDocument();
      const base = savedDocument.current ?? local;
      const merged = mergeRemote(base, local, topology.document);
      const changed = canvasKey(merged) !== canvasKey(local);
      const undoReset = changed && editor.getState().canUndo;
      savedDocument.current = topology.document;
      savedKey.current = documentKey(topology.document);
      if (changed) await editor.update(merged);
      const keptLocal = documentKey(editor.toDocument()) !== savedKey.current;
      const shown = { id: topology.id, name: topology.name, revision: topology.revision };
      // At once, not after the next render: a read queued behind this one must see this revision.
      openRef.current = shown;
      setOpen(shown);
      setDirty(keptLocal);
      setEditorState(editor.getState());
      setTopologies((previous) => previous?.map((entry) => (entry.id === topology.id ? toSummary(topology) : entry)) ?? null);
      setDraftOffer((offer) => (offer && offer.draft.id === topology.id ? { ...offer, currentRevision: topology.revision } : offer));
      // The revision the user's save was refused for is on the canvas now: saving again merges.
      clearConflict();
      return { revision: topology.revision, keptLocal, undoReset, changed };
    },
    [api, editor, clearConflict],
  );
  // One read at a time: two notices in quick succession must not let the older answer land last.
  const readAgain = useCallback(
    (revision: number | null): Promise<RemoteChangeApplied | null> => {
      const result = readTurn.current.then(() => readOnce(revision));
      readTurn.current = result.catch(() => undefined);
      return result;
    },
    [readOnce],
  );

  const save = useCallback(async () => {
    if (!editor || !open || saving) return;
    await holdAutosave();
    const document = editor.toDocument();
    await saveAt(
      open.revision,
      () => api.saveTopology({ id: open.id, expectedRevision: open.revision, document }),
      (saved) => {
        savedKey.current = documentKey(document);
        savedDocument.current = document;
        openRef.current = { id: saved.id, name: saved.name, revision: saved.revision };
        setOpen(openRef.current);
        // Edits made while the save was in flight stay unsaved.
        setDirty(documentKey(editor.toDocument()) !== savedKey.current);
        setTopologies((previous) => previous?.map((entry) => (entry.id === saved.id ? toSummary(saved) : entry)) ?? null);
      },
    );
    savingRef.current = false;
    setSavedCount((count) => count + 1);
  }, [api, editor, open, saving, saveAt, holdAutosave]);

  // After a save (done or refused), a change heard of meanwhile is read (the save's own notice is skipped by revision).
  useEffect(() => {
    const pending = pendingRemote.current;
    if (pending === null || savedCount === 0) return;
    pendingRemote.current = null;
    // The save's answer may hold the change already (same revision): read whatever the revision, compare documents.
    readAgain(null).catch((error: unknown) => notifier.error('Could not read the topology again', error));
  }, [savedCount, readAgain, notifier]);

  return {
    topologies,
    open,
    editor,
    setEditor,
    editorState,
    dirty,
    saving,
    opening,
    conflict,
    dismissConflict: clearConflict,
    refreshList,
    openTopology,
    createTopology,
    onEditorChange,
    save,
    savedCount,
    readAgain,
    draftOffer,
    restoreDraft,
    discardDraft,
  };
}

function toSummary(topology: Topology | TopologySummary): TopologySummary {
  const nodeCount = 'document' in topology ? topology.document.nodes.length : topology.nodeCount;
  return {
    id: topology.id,
    name: topology.name,
    revision: topology.revision,
    nodeCount,
    createdAt: topology.createdAt,
    updatedAt: topology.updatedAt,
  };
}
