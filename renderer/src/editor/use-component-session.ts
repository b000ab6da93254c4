import { useCallback, useRef, useState } from 'react';
import type { NimbusApi } from '../../../engine/api/contract';
import { isApiError } from '../api/api-error';
import type { ComponentDetail, ComponentSummary, ComponentVersionInfo } from '../api/entities';
import { canRedo, canUndo, commitStep, createHistory, redoStep, undoStep, type DocumentHistory } from '../stacks/model/document-history';
import type { Notifier } from '../toasts/ToastProvider';
import type { RevisionConflict } from '../ui/ConflictBanner';
import { sameContent, type ComponentContent } from './component-content';
import { locateDraftProblem, type DraftProblem } from './draft-problem';

/** The component open in the editor: `saved` is its draft as the server has it at `revision`. */
export interface OpenComponent {
  /** The component's name, which is also its id in the address. */
  id: string;
  name: string;
  provider: string;
  semanticType: string;
  description: string;
  revision: number;
  versions: ComponentVersionInfo[];
  saved: ComponentContent;
  /** Bumped whenever the content comes from the server, so editors replace their text. */
  loadToken: number;
}

/** How an edit joins the undo history: edits with the same `key` close together are one step. */
export interface EditStep {
  key?: string;
  /** How long edits with the key still merge (a rename merges from focus to blur, however slow the typing). */
  mergeWithin?: number;
}

/** A published version shown read-only. */
export interface VersionView {
  version: number;
  content: ComponentContent;
}

/**
 * The components a tenant can edit, the one open, its unsaved content, and saving it against the
 * revision it came from. Built-in components are listed apart: they are read-only here.
 */
export function useComponentSession(api: NimbusApi, notifier: Notifier) {
  const [components, setComponents] = useState<ComponentSummary[] | null>(null);
  const [builtInCount, setBuiltInCount] = useState(0);
  const [open, setOpen] = useState<OpenComponent | null>(null);
  // The draft with undo and redo. The program's text has its own undo in its editor: its edits replace
  // the present without a step, and undoing or redoing a form edit keeps the program as it is.
  const [history, setHistory] = useState<DocumentHistory<ComponentContent> | null>(null);
  const content = history?.present ?? null;
  /** Bumped by undo and redo, so forms holding typed text start again from the content. */
  const [historyToken, setHistoryToken] = useState(0);
  const [opening, setOpening] = useState(false);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<RevisionConflict | null>(null);
  const [problem, setProblem] = useState<DraftProblem | null>(null);
  const [viewing, setViewing] = useState<VersionView | null>(null);
  const loadToken = useRef(0);

  const refreshList = useCallback(async () => {
    try {
      const all = await api.listComponents({});
      setComponents(all.filter((component) => !component.system).sort((a, b) => a.name.localeCompare(b.name)));
      setBuiltInCount(all.filter((component) => component.system).length);
    } catch (error) {
      notifier.error('Could not list components', error);
      setComponents((previous) => previous ?? []);
    }
  }, [api, notifier]);

  const show = useCallback((detail: ComponentDetail) => {
    loadToken.current += 1;
    setOpen({
      id: detail.name,
      name: detail.name,
      provider: detail.provider,
      semanticType: detail.semanticType,
      description: detail.description,
      revision: detail.draftRevision,
      versions: detail.versions,
      saved: detail.draft,
      loadToken: loadToken.current,
    });
    setHistory(createHistory(detail.draft));
    setConflict(null);
    setProblem(null);
    setViewing(null);
  }, []);

  const summarize = useCallback((detail: ComponentDetail) => {
    const { draft: _draft, versions: _versions, ...summary } = detail;
    setComponents((previous) => {
      const others = (previous ?? []).filter((entry) => entry.name !== detail.name);
      return [...others, summary].sort((a, b) => a.name.localeCompare(b.name));
    });
  }, []);

  const openComponent = useCallback(
    async (name: string) => {
      setOpening(true);
      try {
        show(await api.getComponent({ name }));
      } catch (error) {
        notifier.error(`Could not open ${name}`, error);
      } finally {
        setOpening(false);
      }
    },
    [api, notifier, show],
  );

  /** After the create dialog: the new component joins the list (the dialog reports its own errors). */
  const created = useCallback((detail: ComponentDetail) => summarize(detail), [summarize]);

  /** Applies an edit to the unsaved content as one undo step (or part of the newest one, see `EditStep`). */
  const edit = useCallback(
    (update: (current: ComponentContent) => ComponentContent, step: EditStep = {}) =>
      setHistory((previous) => {
        if (!previous) return previous;
        const next = commitStep(previous, update(previous.present), step);
        // Typed back to what it was before the step (Escape in a rename): no step is left to undo.
        const before = next.past[next.past.length - 1];
        if (next.past === previous.past && before && sameContent(before, next.present)) return { ...next, past: next.past.slice(0, -1), present: before, lastKey: null };
        return next;
      }),
    [],
  );

  /** The program's text, from its editor (which keeps its own undo). */
  const editCode = useCallback(
    (code: string) => setHistory((previous) => (previous && previous.present.code !== code ? { ...previous, present: { ...previous.present, code } } : previous)),
    [],
  );

  const travel = useCallback((step: (history: DocumentHistory<ComponentContent>) => DocumentHistory<ComponentContent>) => {
    setHistory((previous) => {
      if (!previous) return previous;
      const moved = step(previous);
      return moved === previous ? previous : { ...moved, present: { ...moved.present, code: previous.present.code } };
    });
    setHistoryToken((token) => token + 1);
  }, []);
  const undo = useCallback(() => travel(undoStep), [travel]);
  const redo = useCallback(() => travel(redoStep), [travel]);

  const dirty = open !== null && content !== null && !sameContent(content, open.saved);

  /** Saves the draft; resolves to whether it was saved, so a publish can wait for it. */
  const save = useCallback(async (): Promise<boolean> => {
    if (!open || !content || saving) return false;
    if (sameContent(content, open.saved)) return true;
    const sent = content;
    setSaving(true);
    try {
      const detail = await api.updateComponentDraft({ name: open.name, expectedRevision: open.revision, content: sent });
      setOpen((previous) =>
        previous && previous.name === detail.name
          ? { ...previous, revision: detail.draftRevision, versions: detail.versions, description: detail.description, saved: sent }
          : previous,
      );
      summarize(detail);
      setConflict(null);
      setProblem(null);
      return true;
    } catch (error) {
      if (isApiError(error, 'revision_conflict')) {
        const actual = error.details['actual'];
        setConflict({ yours: open.revision, theirs: typeof actual === 'number' ? actual : null });
      } else {
        const located = locateDraftProblem(error);
        if (located) setProblem(located);
        else notifier.error('Could not save the component', error);
      }
      return false;
    } finally {
      setSaving(false);
    }
  }, [api, content, notifier, open, saving, summarize]);

  /** After a publish: the new version joins the history; the draft is unchanged. */
  const refreshVersions = useCallback(async () => {
    if (!open) return;
    try {
      const detail = await api.getComponent({ name: open.name });
      setOpen((previous) => (previous && previous.name === detail.name ? { ...previous, versions: detail.versions, revision: detail.draftRevision } : previous));
      summarize(detail);
    } catch (error) {
      notifier.error('Could not refresh the versions', error);
    }
  }, [api, notifier, open, summarize]);

  const openVersion = useCallback(
    async (version: number | null) => {
      if (!open || version === null) {
        setViewing(null);
        return;
      }
      try {
        const frozen = await api.getComponentVersion({ name: open.name, version });
        setViewing({ version, content: frozen });
      } catch (error) {
        notifier.error(`Could not open version ${version} of ${open.name}`, error);
      }
    },
    [api, notifier, open],
  );

  return {
    components,
    builtInCount,
    open,
    content,
    edit,
    editCode,
    undo,
    redo,
    canUndo: history !== null && canUndo(history),
    canRedo: history !== null && canRedo(history),
    historyToken,
    dirty,
    saving,
    opening,
    conflict,
    dismissConflict: () => setConflict(null),
    problem,
    dismissProblem: () => setProblem(null),
    viewing,
    refreshList,
    openComponent,
    created,
    save,
    refreshVersions,
    openVersion,
  };
}

export type ComponentSession = ReturnType<typeof useComponentSession>;
