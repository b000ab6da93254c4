import type { AuditEntry, NimbusApi } from '../../../engine/api/contract';
import { NO_AUDIT_FILTER, sameAuditFilter, toAuditQuery, type AuditFilter, type AuditQuery } from './audit-filter';

/** The part of the API the Audit page uses; tests pass a fake. */
export type AuditApi = Pick<NimbusApi, 'listAuditEntries'>;

/** Entries the table reads at a time. */
export const AUDIT_PAGE_SIZE = 100;
/** Entries an export reads at a time (the engine's largest page). */
export const AUDIT_EXPORT_PAGE_SIZE = 1000;

/** An export running or just finished. */
export interface AuditExportState {
  /** Entries read so far. */
  readonly read: number;
  readonly running: boolean;
  readonly error: unknown;
}

/** What the Audit page shows. Replaced as a whole on every change, so it works with useSyncExternalStore. */
export interface AuditSnapshot {
  /** The filter fields as typed. */
  readonly filter: AuditFilter;
  /** Why the typed filter cannot be asked; the table then keeps what it showed. */
  readonly filterProblem: string | null;
  /** The filter `entries` were read with; null before the first answer. */
  readonly shownFilter: AuditFilter | null;
  /** Newest first. */
  readonly entries: readonly AuditEntry[];
  /** `first` while the first page for a filter loads (entries shown are the previous ones), `older` while "Load older" runs. */
  readonly loading: 'first' | 'older' | null;
  /** Why the last read failed; cleared by the next one that works. */
  readonly error: unknown;
  /** The oldest entry matching the filter is in `entries`. */
  readonly reachedEnd: boolean;
  /** Rows opened to show their values. */
  readonly expanded: ReadonlySet<number>;
  readonly export: AuditExportState | null;
}

const INITIAL: AuditSnapshot = {
  filter: NO_AUDIT_FILTER,
  filterProblem: null,
  shownFilter: null,
  entries: [],
  loading: null,
  error: null,
  reachedEnd: false,
  expanded: new Set(),
  export: null,
};

export interface AuditSessionOptions {
  /** How long typing must pause before the table reads again; 0 reads at once. */
  debounceMs?: number;
}

/** Entries matching an export, oldest first, as JSON lines like `nimbus audit export`. */
export interface AuditExport {
  readonly text: string;
  readonly count: number;
}

/**
 * The Audit page's state, kept while the page is hidden: the filter, the entries read so far (a page at
 * a time, older pages with `beforeId`), open rows and an export. Every read carries a generation; an
 * answer for a filter no longer shown, or after `refresh`, is dropped, so a slow reply never overwrites
 * a newer one. An export pages through everything matching and can be cancelled between pages.
 */
export class AuditSession {
  private snapshot: AuditSnapshot = INITIAL;
  private readonly listeners = new Set<() => void>();
  private generation = 0;
  private exportGeneration = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly debounceMs: number;

  constructor(
    private readonly api: AuditApi,
    options: AuditSessionOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 300;
  }

  readonly getSnapshot = (): AuditSnapshot => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Changes filter fields. The table reads again after a pause in typing, or at once with `immediate`
   * (a date picked, the filter cleared).
   */
  setFilter(patch: Partial<AuditFilter>, { immediate = false }: { immediate?: boolean } = {}): void {
    const filter = { ...this.snapshot.filter, ...patch };
    if (sameAuditFilter(filter, this.snapshot.filter)) {
      if (immediate && this.timer !== null) void this.refresh();
      return;
    }
    const result = toAuditQuery(filter);
    this.update({ filter, filterProblem: result.ok ? null : result.problem });
    this.clearTimer();
    if (!result.ok) {
      // Nothing to ask; a read still under way for an earlier filter would show entries the fields no longer describe.
      this.generation += 1;
      if (this.snapshot.loading) this.update({ loading: null });
      return;
    }
    if (immediate || this.debounceMs === 0) void this.refresh();
    else this.timer = setTimeout(() => void this.refresh(), this.debounceMs);
  }

  clearFilter(): void {
    this.setFilter(NO_AUDIT_FILTER, { immediate: true });
  }

  /** Reads the newest page for the current filter again (on opening the page, on "Refresh"). */
  async refresh(): Promise<void> {
    this.clearTimer();
    const filter = this.snapshot.filter;
    const result = toAuditQuery(filter);
    if (!result.ok) return;
    const generation = ++this.generation;
    this.update({ loading: 'first' });
    try {
      const page = await this.api.listAuditEntries({ ...result.query, limit: AUDIT_PAGE_SIZE });
      if (generation !== this.generation) return;
      this.update({ shownFilter: filter, entries: page, reachedEnd: page.length < AUDIT_PAGE_SIZE, loading: null, error: null });
    } catch (error) {
      if (generation !== this.generation) return;
      this.update({ loading: null, error });
    }
  }

  /** Reads the page of entries older than the oldest shown. */
  async loadOlder(): Promise<void> {
    const { shownFilter, entries, reachedEnd, loading } = this.snapshot;
    const oldest = entries.at(-1);
    if (!shownFilter || !oldest || reachedEnd || loading) return;
    const result = toAuditQuery(shownFilter);
    if (!result.ok) return;
    const generation = ++this.generation;
    this.update({ loading: 'older' });
    try {
      const page = await this.api.listAuditEntries({ ...result.query, beforeId: oldest.id, limit: AUDIT_PAGE_SIZE });
      if (generation !== this.generation) return;
      this.update({ entries: [...entries, ...page], reachedEnd: page.length < AUDIT_PAGE_SIZE, loading: null, error: null });
    } catch (error) {
      if (generation !== this.generation) return;
      this.update({ loading: null, error });
    }
  }

  /** Opens or closes a row. */
  toggle(id: number): void {
    const expanded = new Set(this.snapshot.expanded);
    if (!expanded.delete(id)) expanded.add(id);
    this.update({ expanded });
  }

  /**
   * Reads every entry matching the typed filter, a page at a time, and returns them oldest first as
   * JSON lines; null when cancelled, refused (a filter problem, an export already running) or failed
   * (the failure is in `export.error`).
   */
  async exportAll(): Promise<AuditExport | null> {
    if (this.snapshot.export?.running) return null;
    const result = toAuditQuery(this.snapshot.filter);
    if (!result.ok) return null;
    const generation = ++this.exportGeneration;
    const query: AuditQuery = result.query;
    const entries: AuditEntry[] = [];
    this.update({ export: { read: 0, running: true, error: null } });
    try {
      for (;;) {
        const last = entries.at(-1);
        const page = await this.api.listAuditEntries({ ...query, limit: AUDIT_EXPORT_PAGE_SIZE, ...(last ? { beforeId: last.id } : {}) });
        if (generation !== this.exportGeneration) return null;
        entries.push(...page);
        if (page.length < AUDIT_EXPORT_PAGE_SIZE) break;
        this.update({ export: { read: entries.length, running: true, error: null } });
      }
    } catch (error) {
      if (generation === this.exportGeneration) this.update({ export: { read: entries.length, running: false, error } });
      return null;
    }
    this.update({ export: { read: entries.length, running: false, error: null } });
    const lines = entries.reverse().map((entry) => JSON.stringify(entry));
    return { text: lines.map((line) => `${line}\n`).join(''), count: lines.length };
  }

  /** Stops a running export; what it read is dropped. */
  cancelExport(): void {
    if (!this.snapshot.export?.running) return;
    this.exportGeneration += 1;
    this.update({ export: null });
  }

  /** Forgets a finished export's outcome (its message was read). */
  dismissExport(): void {
    if (this.snapshot.export && !this.snapshot.export.running) this.update({ export: null });
  }

  /** Stops the pending read and any export; answers still on their way are dropped. The session stays usable. */
  dispose(): void {
    this.clearTimer();
    this.generation += 1;
    this.exportGeneration += 1;
    if (this.snapshot.loading || this.snapshot.export?.running) this.update({ loading: null, export: null });
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private update(patch: Partial<AuditSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
