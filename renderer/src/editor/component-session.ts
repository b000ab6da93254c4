import type { NimbusApi } from '../../../engine/api/contract';
import { isApiError } from '../api/api-error';
import type { DraftSyncInfo } from '../../../engine/api/contract';
import type { ComponentDetail, ComponentSummary, ComponentVersionInfo } from '../api/entities';
import { canRedo, canUndo, commitStep, createHistory, redoStep, undoStep, type DocumentHistory } from '../stacks/model/document-history';
import type { Notifier } from '../toasts/ToastProvider';
import type { RevisionConflict } from '../ui/ConflictBanner';
import { sameContent, type ComponentContent } from './component-content';
import type { ContractSide } from './contract/ContractEditor';
import { locateDraftProblem, type DraftArea, type DraftProblem } from './draft-problem';
import type { RevealRequest } from './monaco/CodeEditor';
import type { TypingsStatus } from './monaco/editor-typings';
import { NO_MARKERS, type MarkerSummary } from './monaco/marker-summary';

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
  /** The draft's shared document (conflicts, edits waiting, a merge the server could not take); null where drafts are not shared. */
  draftSync: DraftSyncInfo | null;
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

export type ComponentTab = 'code' | 'contract' | 'bindings' | 'history';

/** The tab where a refused save can be fixed. */
export const TAB_OF_AREA: Record<DraftArea, ComponentTab> = {
  inputs: 'contract',
  outputs: 'contract',
  details: 'contract',
  bindings: 'bindings',
  code: 'code',
};

/** What the Components page shows. Replaced as a whole on every change, so it works with useSyncExternalStore. */
export interface ComponentSessionSnapshot {
  /** The tenant's components; null until listed. Built-in ones are only counted: they are read-only here. */
  readonly components: ComponentSummary[] | null;
  readonly builtInCount: number;
  readonly open: OpenComponent | null;
  /**
   * The draft with undo and redo. The program's text has its own undo in its editor: its edits replace
   * the present without a step, and undoing or redoing a form edit keeps the program as it is.
   */
  readonly history: DocumentHistory<ComponentContent> | null;
  /** The unsaved draft. */
  readonly content: ComponentContent | null;
  /** Bumped by undo and redo, so forms holding typed text start again from the content. */
  readonly historyToken: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly dirty: boolean;
  readonly opening: boolean;
  readonly saving: boolean;
  /** The draft conflict whose value is being kept (its path as JSON), while that runs. */
  readonly resolving: string | null;
  /** Someone else changed the open draft: what to tell (shown until the next save or open). */
  readonly remoteChange: string | null;
  readonly conflict: RevisionConflict | null;
  /** The last save the engine refused, placed in the editor. */
  readonly problem: DraftProblem | null;
  /** A published version shown read-only instead of the draft. */
  readonly viewing: VersionView | null;
  /** What the editors show: the version viewed, else the draft. */
  readonly shown: ComponentContent | null;
  /**
   * The component, its load and the version shown: edits waiting to be applied belong to it and are
   * dropped when it changes.
   */
  readonly scope: string;
  readonly tab: ComponentTab;
  readonly side: ContractSide;
  readonly tryOpen: boolean;
  readonly publishing: boolean;
  /** Where the code editor should jump (a line of a failed try run). */
  readonly reveal: RevealRequest | null;
  /** Bumped by a publish, so the version history reads again. */
  readonly historyRevision: number;
  /** Edits typed but not applied yet (a name that is taken…), by where they are: a save waits for them. */
  readonly pending: Readonly<Record<string, string>>;
  readonly pendingMessages: string[];
  /** A save was refused because of pending edits: the page lists them. */
  readonly blockedSave: boolean;
  readonly markers: MarkerSummary;
  /** The provider's SDK declarations, once loaded for `provider`. */
  readonly typings: { provider: string; status: TypingsStatus } | null;
  /** The inputs of the latest published version, for `key` (`name@version`). */
  readonly publishedInputs: { key: string; names: readonly string[] };
}

type State = Omit<ComponentSessionSnapshot, 'content' | 'canUndo' | 'canRedo' | 'dirty' | 'shown' | 'scope' | 'pendingMessages'>;

const INITIAL: State = {
  components: null,
  builtInCount: 0,
  open: null,
  history: null,
  historyToken: 0,
  opening: false,
  saving: false,
  resolving: null,
  remoteChange: null,
  conflict: null,
  problem: null,
  viewing: null,
  tab: 'code',
  side: 'inputs',
  tryOpen: false,
  publishing: false,
  reveal: null,
  historyRevision: 0,
  pending: {},
  blockedSave: false,
  markers: NO_MARKERS,
  typings: null,
  publishedInputs: { key: '', names: [] },
};

const scopeOf = (state: Pick<State, 'open' | 'viewing'>): string =>
  `${state.open?.name ?? ''}:${state.open?.loadToken ?? 0}:${state.viewing?.version ?? 'draft'}`;

function snapshotOf(state: State): ComponentSessionSnapshot {
  const content = state.history?.present ?? null;
  return {
    ...state,
    content,
    canUndo: state.history !== null && canUndo(state.history),
    canRedo: state.history !== null && canRedo(state.history),
    dirty: state.open !== null && content !== null && !sameContent(content, state.open.saved),
    shown: state.viewing ? state.viewing.content : content,
    scope: scopeOf(state),
    pendingMessages: Object.values(state.pending),
  };
}

/** The part of the API a session uses; tests pass a fake. */
export type ComponentApi = Pick<
  NimbusApi,
  'listComponents' | 'getComponent' | 'getComponentVersion' | 'updateComponentDraft' | 'resolveComponentDraftConflict' | 'discardLocalDraft'
>;

/**
 * One editing session of the Components page: the components a tenant can edit, the one open, its
 * unsaved content with undo, saving it against the revision it came from, and what the page shows of
 * it (tab, pending edits, the try panel, publishing). A plain class, no React: the page reads its
 * snapshot through useSyncExternalStore and calls one method per user action. Whatever follows from
 * a change is decided here when it happens — another component or version drops the pending edits, a
 * refused save opens the tab where it can be fixed — never while rendering.
 */
export class ComponentSession {
  private state: State = INITIAL;
  private snapshot: ComponentSessionSnapshot = snapshotOf(INITIAL);
  private readonly listeners = new Set<() => void>();
  private loadToken = 0;

  constructor(
    private readonly api: ComponentApi,
    private readonly notifier: Pick<Notifier, 'error'>,
  ) {}

  readonly getSnapshot = (): ComponentSessionSnapshot => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly refreshList = async (): Promise<void> => {
    try {
      const all = await this.api.listComponents({});
      this.set({
        components: all.filter((component) => !component.system).sort((a, b) => a.name.localeCompare(b.name)),
        builtInCount: all.filter((component) => component.system).length,
      });
    } catch (error) {
      this.notifier.error('Could not list components', error);
      this.set({ components: this.state.components ?? [] });
    }
  };

  readonly openComponent = async (name: string): Promise<void> => {
    this.set({ opening: true });
    try {
      this.show(await this.api.getComponent({ name }));
    } catch (error) {
      this.notifier.error(`Could not open ${name}`, error);
    } finally {
      this.set({ opening: false });
    }
  };

  /** After the create dialog: the new component joins the list (the dialog reports its own errors). */
  readonly created = (detail: ComponentDetail): void => this.summarize(detail);

  /** Applies an edit to the unsaved content as one undo step (or part of the newest one, see `EditStep`). */
  readonly edit = (update: (current: ComponentContent) => ComponentContent, step: EditStep = {}): void => {
    const previous = this.state.history;
    if (!previous) return;
    const next = commitStep(previous, update(previous.present), step);
    // Typed back to what it was before the step (Escape in a rename): no step is left to undo.
    const before = next.past[next.past.length - 1];
    if (next.past === previous.past && before && sameContent(before, next.present)) {
      this.set({ history: { ...next, past: next.past.slice(0, -1), present: before, lastKey: null } });
      return;
    }
    this.set({ history: next });
  };

  /** The program's text, from its editor (which keeps its own undo); ignored while a version is shown. */
  readonly editCode = (code: string): void => {
    const previous = this.state.history;
    if (this.state.viewing || !previous || previous.present.code === code) return;
    this.set({ history: { ...previous, present: { ...previous.present, code } } });
  };

  readonly undo = (): void => this.travel(undoStep);
  readonly redo = (): void => this.travel(redoStep);

  /**
   * Saves the draft; resolves to whether it was saved, so a publish can wait for it. Refused while
   * edits are pending (typed but not applied): the page then lists them.
   */
  readonly save = async (): Promise<boolean> => {
    if (this.snapshot.pendingMessages.length > 0) {
      this.set({ blockedSave: true });
      return false;
    }
    this.set({ blockedSave: false });
    const { open, saving } = this.state;
    const content = this.snapshot.content;
    if (!open || !content || saving) return false;
    if (sameContent(content, open.saved)) return true;
    this.set({ saving: true });
    try {
      const detail = await this.api.updateComponentDraft({ name: open.name, expectedRevision: open.revision, content });
      this.tookSave(detail, content);
      this.set({ remoteChange: null });
      this.summarize(detail);
      this.set({ conflict: null, problem: null });
      return true;
    } catch (error) {
      if (isApiError(error, 'revision_conflict')) {
        const actual = error.details['actual'];
        this.set({ conflict: { yours: open.revision, theirs: typeof actual === 'number' ? actual : null } });
      } else {
        const located = locateDraftProblem(error);
        if (located) this.set({ problem: located });
        else this.notifier.error('Could not save the component', error);
      }
      return false;
    } finally {
      this.set({ saving: false });
    }
  };

  /** Publish asked for: unsaved changes are saved first; resolves to whether the dialog opened. */
  readonly publish = async (): Promise<boolean> => {
    if (this.state.viewing !== null) return false;
    if (this.snapshot.dirty && !(await this.save())) return false;
    this.set({ publishing: true });
    return true;
  };

  readonly cancelPublishing = (): void => this.set({ publishing: false });

  /** A version was published: the dialog closes and the versions are read again. */
  readonly published = async (): Promise<void> => {
    this.set({ publishing: false, historyRevision: this.state.historyRevision + 1 });
    await this.refreshVersions();
  };

  /**
   * Keeps one value of a conflict in the shared draft (unsaved edits are saved first); the draft
   * comes back with the value kept for everyone, as an undoable step.
   */
  readonly keepConflictValue = async (path: string[], valueId: string): Promise<void> => {
    const { open } = this.state;
    if (!open || this.state.resolving) return;
    if (this.snapshot.dirty && !(await this.save())) return;
    this.set({ resolving: JSON.stringify(path) });
    try {
      const detail = await this.api.resolveComponentDraftConflict({ name: open.name, path, valueId });
      this.takeServerDraft(detail);
      this.summarize(detail);
    } catch (error) {
      this.notifier.error('Could not keep that value', error);
    } finally {
      this.set({ resolving: null });
    }
  };

  /**
   * Gives up this desktop's unsent edits of the open draft (the server's draft is opened again), or
   * the whole draft when it was made here offline and the server refused it (it leaves the list).
   */
  readonly discardLocal = async (): Promise<void> => {
    const { open } = this.state;
    if (!open) return;
    try {
      const outcome = await this.api.discardLocalDraft({ kind: 'component', name: open.name });
      if (outcome.onServer) {
        await this.openComponent(open.name);
        return;
      }
      this.set({ open: null, history: null, conflict: null, problem: null, viewing: null });
      await this.refreshList();
    } catch (error) {
      this.notifier.error(`Could not discard the edits of ${open.name}`, error);
    }
  };

  /**
   * Someone else changed draft `name` (a live notice): the open draft shows it at once when nothing is
   * unsaved (as an undoable step); otherwise the edits stay and the next save merges them with theirs.
   */
  readonly draftChanged = async (name: string, by: string | null): Promise<void> => {
    const { open, viewing } = this.state;
    if (!open || open.name !== name || viewing) return;
    const who = by ?? 'Someone';
    if (this.snapshot.dirty || this.state.saving) {
      this.set({ remoteChange: `${who} changed this draft; your unsaved edits merge with theirs when you save.` });
      return;
    }
    try {
      const detail = await this.api.getComponent({ name });
      const current = this.state.open;
      if (!current || current.name !== name || this.snapshot.dirty) return;
      if (sameContent(detail.draft, current.saved)) {
        this.set({ open: { ...current, draftSync: detail.draftSync ?? null, versions: detail.versions } });
        return;
      }
      this.takeServerDraft(detail);
      this.set({ remoteChange: `${who} changed this draft; it is shown as it is now (Ctrl+Z takes their change back here).` });
    } catch (error) {
      this.notifier.error(`Could not show the latest draft of ${name}`, error);
    }
  };

  /** After a publish: the new version joins the history; the draft is unchanged. */
  readonly refreshVersions = async (): Promise<void> => {
    const { open } = this.state;
    if (!open) return;
    try {
      const detail = await this.api.getComponent({ name: open.name });
      const current = this.state.open;
      if (current && current.name === detail.name)
        this.set({ open: { ...current, versions: detail.versions, revision: detail.draftRevision, draftSync: detail.draftSync ?? null } });
      this.summarize(detail);
    } catch (error) {
      this.notifier.error('Could not refresh the versions', error);
    }
  };

  /** Shows published `version` read-only, or the draft again with `null`. */
  readonly openVersion = async (version: number | null): Promise<void> => {
    const { open } = this.state;
    if (!open || version === null) {
      this.set({ viewing: null });
      return;
    }
    try {
      const frozen = await this.api.getComponentVersion({ name: open.name, version });
      this.set({ viewing: { version, content: frozen } });
    } catch (error) {
      this.notifier.error(`Could not open version ${version} of ${open.name}`, error);
    }
  };

  readonly dismissConflict = (): void => this.set({ conflict: null });
  readonly dismissProblem = (): void => this.set({ problem: null });

  /** Opens the tab (and contract side) where the refused save can be fixed. */
  readonly showProblem = (): void => {
    const { problem } = this.state;
    if (problem) this.set(placeOf(problem));
  };

  readonly selectTab = (tab: ComponentTab): void => this.set({ tab });
  readonly selectSide = (side: ContractSide): void => this.set({ side });
  readonly openTry = (): void => this.set({ tryOpen: true });
  readonly closeTry = (): void => this.set({ tryOpen: false });

  /** A line of a failed try run: the code tab opens at it. */
  readonly goToLine = (line: number, column: number): void => {
    this.set({ tab: 'code', reveal: { line, column, token: (this.state.reveal?.token ?? 0) + 1 } });
  };

  /** An editor holds typed text it could not apply yet (`message`), or no longer (`null`). */
  readonly reportPending = (key: string, message: string | null): void => {
    const previous = this.state.pending;
    if ((previous[key] ?? null) === message) return;
    const next = { ...previous };
    if (message === null) delete next[key];
    else next[key] = message;
    this.set({ pending: next });
  };

  readonly setMarkers = (markers: MarkerSummary): void => this.set({ markers });

  readonly typingsLoaded = (provider: string, status: TypingsStatus): void => this.set({ typings: { provider, status } });

  /** The inputs of published `key` (`name@version`), read for the contract editor's upgrade notes. */
  readonly publishedInputsLoaded = (key: string, names: readonly string[]): void => this.set({ publishedInputs: { key, names } });

  private show(detail: ComponentDetail): void {
    this.loadToken += 1;
    this.set({
      open: {
        id: detail.name,
        name: detail.name,
        provider: detail.provider,
        semanticType: detail.semanticType,
        description: detail.description,
        revision: detail.draftRevision,
        versions: detail.versions,
        saved: detail.draft,
        loadToken: this.loadToken,
        draftSync: detail.draftSync ?? null,
      },
      history: createHistory(detail.draft),
      conflict: null,
      problem: null,
      viewing: null,
      remoteChange: null,
    });
  }

  /**
   * A save answered: a shared draft may come back merged with edits made elsewhere, shown at once
   * (an undoable step) unless the user typed since; otherwise what was sent is what is saved.
   */
  private tookSave(detail: ComponentDetail, sent: ComponentContent): void {
    const current = this.state.open;
    if (!current || current.name !== detail.name) return;
    const typedSince = this.snapshot.content !== null && !sameContent(this.snapshot.content, sent);
    if (!sameContent(detail.draft, sent) && !typedSince) {
      this.takeServerDraft(detail);
      return;
    }
    const info = { revision: detail.draftRevision, versions: detail.versions, description: detail.description };
    this.set({ open: { ...current, ...info, saved: sent, draftSync: detail.draftSync ?? null } });
  }

  /** The draft as the server (or the desktop's replica) has it now, replacing the editor's content as one undoable step. */
  private takeServerDraft(detail: ComponentDetail): void {
    const current = this.state.open;
    const history = this.state.history;
    if (!current || current.name !== detail.name || !history) return;
    this.loadToken += 1;
    this.set({
      open: {
        ...current,
        revision: detail.draftRevision,
        versions: detail.versions,
        description: detail.description,
        saved: detail.draft,
        loadToken: this.loadToken,
        draftSync: detail.draftSync ?? null,
      },
      history: commitStep(history, detail.draft),
    });
  }

  private summarize(detail: ComponentDetail): void {
    const { draft: _draft, versions: _versions, draftSync: _sync, ...summary } = detail;
    const others = (this.state.components ?? []).filter((entry) => entry.name !== detail.name);
    this.set({ components: [...others, summary].sort((a, b) => a.name.localeCompare(b.name)) });
  }

  private travel(step: (history: DocumentHistory<ComponentContent>) => DocumentHistory<ComponentContent>): void {
    const previous = this.state.history;
    const moved = previous ? step(previous) : previous;
    const history =
      previous && moved && moved !== previous ? { ...moved, present: { ...moved.present, code: previous.present.code } } : previous;
    this.set({ history, historyToken: this.state.historyToken + 1 });
  }

  private set(change: Partial<State>): void {
    const previous = this.state;
    let next: State = { ...previous, ...change };
    // Another component, a reload or another version: edits waiting to be applied belong to what was shown.
    if (scopeOf(next) !== scopeOf(previous)) next = { ...next, pending: {}, blockedSave: false, reveal: null };
    // A refused save opens the tab where it can be fixed.
    if (next.problem !== previous.problem && next.problem) next = { ...next, ...placeOf(next.problem) };
    this.state = next;
    this.snapshot = snapshotOf(next);
    for (const listener of [...this.listeners]) listener();
  }
}

function placeOf(problem: DraftProblem): Partial<State> {
  return problem.area === 'inputs' || problem.area === 'outputs'
    ? { tab: TAB_OF_AREA[problem.area], side: problem.area }
    : { tab: TAB_OF_AREA[problem.area] };
}
