import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DraftSyncInfo, NimbusApi } from '../../../engine/api/contract';
import type { StackDetail, StackDocument, StackSummary, StackVersionInfo } from '../../../engine/api/schemas/stacks';
import { isApiError, toApiError } from '../api/api-error';
import type { Notifier } from '../toasts/ToastProvider';
import { useRevisionedSave } from '../ui/use-revisioned-save';
import { canRedo, canUndo, commitStep, createHistory, redoStep, undoStep, type DocumentHistory } from './model/document-history';
import { normalizeIssues, type StackIssue } from './model/issue-paths';

/** How long editing must pause before the draft is saved (each save is one small API call). */
export const AUTOSAVE_DELAY_MS = 600;

/** The stack open in the editor, as the server last confirmed it. */
export interface OpenStack {
  /** The stack's name, which is also its id in the address. */
  id: string;
  name: string;
  tenant: string | null;
  revision: number;
  latestVersion: number | null;
  forkedFrom: StackSummary['forkedFrom'];
  /** Bumped whenever the document comes from the server, so editors drop what they hold. */
  loadToken: number;
  /** The draft's shared document (conflicts, edits waiting, a merge the server could not take); null where drafts are not shared. */
  draftSync: DraftSyncInfo | null;
}

/** A published version shown read-only. */
export interface StackVersionView {
  version: number;
  document: StackDocument;
}

type DetailWithIssues = StackDetail & { issues: StackIssue[] };
type SaveOutcome = { saved: DetailWithIssues } | { rejected: StackIssue[]; message: string };

const keyOf = (document: StackDocument) => JSON.stringify(document);

/**
 * The stack editor's link to the engine: the list, the open stack, its draft with undo/redo, saving
 * the draft a moment after each edit against the revision it came from, the problems the engine
 * finds, and versions. A save the engine refuses (a name it does not accept) keeps the edits here
 * and says why; a revision conflict keeps them too, until the person chooses whose draft wins.
 */
export function useStackSession(api: NimbusApi, notifier: Notifier) {
  const [stacks, setStacks] = useState<StackSummary[] | null>(null);
  const [open, setOpen] = useState<OpenStack | null>(null);
  const [history, setHistory] = useState<DocumentHistory<StackDocument> | null>(null);
  const [savedKey, setSavedKey] = useState<string | null>(null);
  const [issues, setIssues] = useState<StackIssue[]>([]);
  const [rejected, setRejected] = useState<{ issues: StackIssue[]; message: string; key: string } | null>(null);
  const [versions, setVersions] = useState<StackVersionInfo[]>([]);
  const [viewing, setViewing] = useState<StackVersionView | null>(null);
  const [opening, setOpening] = useState(false);
  /** Someone else's change of the open draft, in words, while it is news. */
  const [remoteChange, setRemoteChange] = useState<string | null>(null);
  const { saving, conflict, clearConflict, saveAt } = useRevisionedSave(notifier, 'Could not save the stack draft');
  const loadToken = useRef(0);

  const document = history?.present ?? null;
  const currentKey = useMemo(() => (document ? keyOf(document) : null), [document]);
  const dirty = currentKey !== null && savedKey !== null && currentKey !== savedKey;
  /** Edits that autosave cannot write until the person acts (a refused save of this very draft, a conflict). */
  const stuck = dirty && (conflict !== null || (rejected !== null && rejected.key === currentKey));

  const summarize = useCallback((detail: StackSummary) => {
    const summary: StackSummary = {
      id: detail.id,
      name: detail.name,
      tenant: detail.tenant,
      description: detail.description,
      latestVersion: detail.latestVersion,
      provider: detail.provider,
      forkedFrom: detail.forkedFrom,
      draftRevision: detail.draftRevision,
      updatedAt: detail.updatedAt,
    };
    setStacks((previous) =>
      [...(previous ?? []).filter((entry) => entry.name !== summary.name), summary].sort((a, b) => a.name.localeCompare(b.name)),
    );
  }, []);

  const refreshList = useCallback(async () => {
    try {
      const all = await api.listStacks({});
      setStacks([...all].sort((a, b) => a.name.localeCompare(b.name)));
    } catch (error) {
      notifier.error('Could not list stacks', error);
      setStacks((previous) => previous ?? []);
    }
  }, [api, notifier]);

  const loadVersions = useCallback(
    async (name: string) => {
      try {
        const list = await api.listStackVersions({ name });
        setVersions([...list].sort((a, b) => b.version - a.version));
      } catch (error) {
        notifier.error(`Could not list the versions of ${name}`, error);
      }
    },
    [api, notifier],
  );

  const show = useCallback(
    (detail: DetailWithIssues) => {
      loadToken.current += 1;
      setOpen({
        id: detail.name,
        name: detail.name,
        tenant: detail.tenant,
        revision: detail.draftRevision,
        latestVersion: detail.latestVersion,
        forkedFrom: detail.forkedFrom,
        loadToken: loadToken.current,
        draftSync: detail.draftSync ?? null,
      });
      setHistory(createHistory(detail.draft));
      setSavedKey(keyOf(detail.draft));
      setIssues(normalizeIssues(detail.issues));
      setRejected(null);
      setViewing(null);
      setVersions([]);
      setRemoteChange(null);
      clearConflict();
      summarize(detail);
      void loadVersions(detail.name);
    },
    [clearConflict, summarize, loadVersions],
  );

  /** The draft as the server (or this desktop's replica) has it now, replacing the editor's document as one undoable step. */
  const takeServerDraft = useCallback((detail: DetailWithIssues) => {
    loadToken.current += 1;
    setOpen((previous) =>
      previous && previous.name === detail.name
        ? {
            ...previous,
            revision: detail.draftRevision,
            latestVersion: detail.latestVersion,
            loadToken: loadToken.current,
            draftSync: detail.draftSync ?? null,
          }
        : previous,
    );
    setHistory((previous) => (previous ? commitStep(previous, detail.draft) : createHistory(detail.draft)));
    setSavedKey(keyOf(detail.draft));
  }, []);

  // The latest state for the save and the timer, which outlive the render that started them.
  const latest = useRef({ open, document, savedKey, saving, conflict });
  useLayoutEffect(() => {
    latest.current = { open, document, savedKey, saving, conflict };
  });
  const inFlight = useRef<Promise<boolean> | null>(null);

  /** Writes the draft now if it has unsaved edits; resolves to whether everything is saved. */
  const saveNow = useCallback(async (): Promise<boolean> => {
    if (inFlight.current) await inFlight.current;
    const { open: target, document: sent, savedKey: saved, conflict: blocked } = latest.current;
    if (!target || !sent) return false;
    const key = keyOf(sent);
    if (key === saved) return true;
    if (blocked) return false;
    let ok = false;
    const run = saveAt<SaveOutcome>(
      target.revision,
      async () => {
        try {
          return {
            saved: (await api.saveStackDraft({ name: target.name, expectedRevision: target.revision, document: sent })) as DetailWithIssues,
          };
        } catch (error) {
          // A draft the engine cannot take at all (an empty expression, a bad trigger): the edits stay here, the problems go next to their fields.
          if (isApiError(error, 'invalid_input'))
            return { rejected: normalizeIssues(toApiError(error).issues), message: toApiError(error).message };
          throw error;
        }
      },
      (outcome) => {
        if ('rejected' in outcome) {
          setRejected({ issues: outcome.rejected, message: outcome.message, key });
          return;
        }
        const detail = outcome.saved;
        ok = true;
        setRejected(null);
        setRemoteChange(null);
        // A shared draft may come back merged with edits made elsewhere: shown at once unless the user typed since.
        const merged = detail.draftSync !== undefined && keyOf(detail.draft) !== key;
        const typedSince = latest.current.document !== null && keyOf(latest.current.document) !== key;
        if (merged && !typedSince) takeServerDraft(detail);
        else {
          setSavedKey(key);
          setOpen((previous) =>
            previous && previous.name === detail.name
              ? { ...previous, revision: detail.draftRevision, latestVersion: detail.latestVersion, draftSync: detail.draftSync ?? null }
              : previous,
          );
        }
        setIssues(normalizeIssues(detail.issues));
        summarize(detail);
      },
    ).then(() => ok);
    inFlight.current = run;
    try {
      return await run;
    } finally {
      inFlight.current = null;
    }
  }, [api, saveAt, summarize, takeServerDraft]);

  const [resolving, setResolving] = useState<string | null>(null);
  // Someone else changed the open draft: shown at once when nothing is unsaved (an undoable step); else the next save merges.
  useEffect(
    () =>
      api.onTopologyEvent?.((event) => {
        if (event.type !== 'draft.changed' || event.kind !== 'stack' || latest.current.open?.name !== event.name) return;
        const who = event.userName ?? event.userId ?? 'Someone';
        const { document: shown, savedKey: saved, saving: busy } = latest.current;
        if (busy || (shown !== null && keyOf(shown) !== saved)) {
          setRemoteChange(`${who} changed this draft; your unsaved edits merge with theirs when they are saved.`);
          return;
        }
        void api.getStack({ name: event.name }).then(
          (detail) => {
            if (latest.current.open?.name !== event.name || keyOf(detail.draft) === latest.current.savedKey) return;
            takeServerDraft(detail as DetailWithIssues);
            setIssues(normalizeIssues((detail as DetailWithIssues).issues));
            setRemoteChange(`${who} changed this draft; it is shown as it is now (Ctrl+Z takes their change back here).`);
          },
          (error: unknown) => notifier.error(`Could not show the latest draft of ${event.name}`, error),
        );
      }),
    [api, notifier, takeServerDraft],
  );
  /** Gives up this desktop's unsent edits (the server's draft opens again), or a draft made here offline that the server refused. */
  const discardLocal = useCallback(async (): Promise<void> => {
    const target = latest.current.open;
    if (!target) return;
    try {
      const outcome = await api.discardLocalDraft({ kind: 'stack', name: target.name });
      if (outcome.onServer) {
        show((await api.getStack({ name: target.name })) as DetailWithIssues);
        return;
      }
      setOpen(null);
      setHistory(null);
      await refreshList();
    } catch (error) {
      notifier.error(`Could not discard the edits of ${target.name}`, error);
    }
  }, [api, notifier, show, refreshList]);
  /** Keeps one value of a conflict in the shared draft (unsaved edits are saved first); the draft comes back as an undoable step. */
  const keepConflictValue = useCallback(
    async (path: string[], valueId: string): Promise<void> => {
      const target = latest.current.open;
      if (!target || !(await saveNow())) return;
      setResolving(JSON.stringify(path));
      try {
        const detail = (await api.resolveStackDraftConflict({ name: target.name, path, valueId })) as DetailWithIssues;
        takeServerDraft(detail);
        setIssues(normalizeIssues(detail.issues));
        summarize(detail);
      } catch (error) {
        notifier.error('Could not keep that value', error);
      } finally {
        setResolving(null);
      }
    },
    [api, notifier, saveNow, summarize, takeServerDraft],
  );

  // Autosave: a moment after the last edit, unless the edits are stuck (they wait for a decision).
  useEffect(() => {
    if (!dirty || stuck || viewing) return;
    const timer = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [currentKey, dirty, stuck, viewing, saveNow]);

  // Leaving the page or hiding the window writes what is pending at once (best effort).
  useEffect(() => {
    const onHide = () => {
      if (window.document.visibilityState === 'hidden') void saveNow();
    };
    window.addEventListener('pagehide', onHide);
    window.document.addEventListener('visibilitychange', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      window.document.removeEventListener('visibilitychange', onHide);
    };
  }, [saveNow]);

  const openStack = useCallback(
    async (name: string) => {
      setOpening(true);
      try {
        // Edits of the stack being left are written first; only stuck ones are left behind (the page asked).
        await saveNow();
        show((await api.getStack({ name })) as DetailWithIssues);
      } catch (error) {
        notifier.error(`Could not open ${name}`, error);
      } finally {
        setOpening(false);
      }
    },
    [api, notifier, saveNow, show],
  );

  /** Applies an edit to the draft as one undo step (`key` merges quick edits of one field). */
  const edit = useCallback((update: (current: StackDocument) => StackDocument, key?: string) => {
    setHistory((previous) => (previous ? commitStep(previous, update(previous.present), key !== undefined ? { key } : {}) : previous));
  }, []);
  const undo = useCallback(() => setHistory((previous) => (previous ? undoStep(previous) : previous)), []);
  const redo = useCallback(() => setHistory((previous) => (previous ? redoStep(previous) : previous)), []);

  const createStack = useCallback(
    async (name: string, documentToCreate: StackDocument, shared: boolean) => {
      const detail = (await api.createStack({ name, document: documentToCreate, ...(shared ? { shared } : {}) })) as DetailWithIssues;
      summarize(detail);
      return detail;
    },
    [api, summarize],
  );

  /** Conflict: their draft replaces this one as a new undo step, so Ctrl+Z brings these edits back. */
  const loadTheirs = useCallback(async () => {
    const target = latest.current.open;
    if (!target) return;
    try {
      const detail = (await api.getStack({ name: target.name })) as DetailWithIssues;
      setOpen((previous) =>
        previous && previous.name === detail.name
          ? { ...previous, revision: detail.draftRevision, latestVersion: detail.latestVersion }
          : previous,
      );
      setHistory((previous) => (previous ? commitStep(previous, detail.draft) : createHistory(detail.draft)));
      setSavedKey(keyOf(detail.draft));
      setIssues(normalizeIssues(detail.issues));
      setRejected(null);
      clearConflict();
      summarize(detail);
    } catch (error) {
      notifier.error('Could not load the other draft', error);
    }
  }, [api, clearConflict, notifier, summarize]);

  /** Conflict: this draft is saved over theirs (based on the revision they saved). */
  const keepMine = useCallback(async () => {
    const target = latest.current.open;
    if (!target) return;
    try {
      const detail = await api.getStack({ name: target.name });
      setOpen((previous) => (previous && previous.name === detail.name ? { ...previous, revision: detail.draftRevision } : previous));
      latest.current = { ...latest.current, open: { ...target, revision: detail.draftRevision }, conflict: null };
      clearConflict();
      await saveNow();
    } catch (error) {
      notifier.error('Could not save your draft over the other one', error);
    }
  }, [api, clearConflict, notifier, saveNow]);

  const publish = useCallback(
    async (changelog: string): Promise<StackVersionInfo> => {
      const target = latest.current.open;
      if (!target) throw new Error('No stack is open.');
      if (!(await saveNow())) throw new Error('The draft is not saved yet; fix what stops it from saving, then publish.');
      const info = await api.publishStack({ name: target.name, changelog });
      setOpen((previous) => (previous && previous.name === target.name ? { ...previous, latestVersion: info.version } : previous));
      setStacks(
        (previous) => previous?.map((entry) => (entry.name === target.name ? { ...entry, latestVersion: info.version } : entry)) ?? null,
      );
      await loadVersions(target.name);
      return info;
    },
    [api, loadVersions, saveNow],
  );

  const fork = useCallback(
    async (as: string, version: number, shared: boolean) => {
      const target = latest.current.open;
      if (!target) throw new Error('No stack is open.');
      const detail = (await api.forkStack({ name: target.name, as, version, ...(shared ? { shared } : {}) })) as DetailWithIssues;
      summarize(detail);
      return detail;
    },
    [api, summarize],
  );

  const openVersion = useCallback(
    async (version: number | null) => {
      const target = latest.current.open;
      if (!target || version === null) {
        setViewing(null);
        return;
      }
      try {
        setViewing({ version, document: await api.getStackVersion({ name: target.name, version }) });
      } catch (error) {
        notifier.error(`Could not open version ${version} of ${target.name}`, error);
      }
    },
    [api, notifier],
  );

  return {
    stacks,
    open,
    document,
    dirty,
    stuck,
    saving,
    opening,
    conflict,
    dismissConflict: clearConflict,
    issues,
    // The last refusal stays beside the fields until a save succeeds, so a fix in progress does not flicker.
    rejected: dirty ? rejected : null,
    versions,
    viewing,
    canUndo: history !== null && canUndo(history),
    canRedo: history !== null && canRedo(history),
    refreshList,
    openStack,
    edit,
    undo,
    redo,
    saveNow,
    createStack,
    loadTheirs,
    keepMine,
    publish,
    fork,
    openVersion,
    resolving,
    keepConflictValue,
    discardLocal,
    remoteChange,
  };
}

export type StackSession = ReturnType<typeof useStackSession>;
