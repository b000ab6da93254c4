/** A command as the palette offers it: bound to the context of the page that registered it. */
export interface PaletteEntry {
  id: string;
  title: string;
  /** Where it comes from ("Planner", "Go to"), shown beside the title and searched too. */
  group: string;
  keys: readonly string[];
  isEnabled(): boolean;
  /** Why it cannot run for the signed-in user (a permission it lacks), shown beside it; null when it can. */
  disabledReason?(): string | null;
  run(): void | Promise<void>;
}

type Listener = () => void;

/**
 * Every command available right now, gathered from the pages that are active (each registers its own
 * under a source key and removes them when it goes away), so the palette lists exactly what the
 * shortcuts and toolbars can do at this moment.
 */
export class CommandRegistry {
  private readonly sources = new Map<string, readonly PaletteEntry[]>();
  private readonly listeners = new Set<Listener>();
  private snapshot: readonly PaletteEntry[] = [];

  /** Replaces what `source` offers; returns the function that withdraws it. */
  register(source: string, entries: readonly PaletteEntry[]): () => void {
    this.sources.set(source, entries);
    this.changed();
    return () => {
      if (this.sources.get(source) !== entries) return;
      this.sources.delete(source);
      this.changed();
    };
  }

  /** All entries, one per id (a later source wins), in registration order. */
  entries(): readonly PaletteEntry[] {
    return this.snapshot;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const byId = new Map<string, PaletteEntry>();
    for (const entries of this.sources.values()) for (const entry of entries) byId.set(entry.id, entry);
    this.snapshot = [...byId.values()];
    for (const listener of this.listeners) listener();
  }
}
