import { useCallback, useEffect, useRef, useState } from 'react';
import type { NimbusApi, Topology, TopologySummary } from '../../../engine/api/contract';
import type { TopologyDraft } from '../../../engine/api/schemas/topology';
import type { Notifier } from '../toasts/ToastProvider';
import { useRevisionedSave } from '../ui/use-revisioned-save';
import type { PlannerEditor, PlannerEditorState } from './create-planner-editor';
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
  const savedKey = useRef<string | null>(null);
  const loadToken = useRef(0);
  const [draftOffer, setDraftOffer] = useState<DraftOffer | null>(null);
  // Counts document edits: the autosave waits for a pause after the last one.
  const [changeCount, setChangeCount] = useState(0);
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
    void editor.load(loaded.topology.document).then(() => {
      if (cancelled) return;
      savedKey.current = documentKey(editor.toDocument());
      setDirty(false);
      setEditorState(editor.getState());
    });
    return () => {
      cancelled = true;
    };
  }, [editor, loaded]);

  const save = useCallback(async () => {
    if (!editor || !open || saving) return;
    await holdAutosave();
    const document = editor.toDocument();
    await saveAt(
      open.revision,
      () => api.saveTopology({ id: open.id, expectedRevision: open.revision, document }),
      (saved) => {
        savedKey.current = documentKey(document);
        setOpen({ id: saved.id, name: saved.name, revision: saved.revision });
        // Edits made while the save was in flight stay unsaved.
        setDirty(documentKey(editor.toDocument()) !== savedKey.current);
        setTopologies((previous) => previous?.map((entry) => (entry.id === saved.id ? toSummary(saved) : entry)) ?? null);
      },
    );
  }, [api, editor, open, saving, saveAt, holdAutosave]);

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
