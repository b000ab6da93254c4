import type { TopologyReplica } from './topology-document.js';

/** How many loaded documents one process keeps by default. */
export const LOADED_DOCUMENTS_LIMIT = 32;

interface Loaded {
  version: number;
  replica: TopologyReplica;
}

/**
 * Documents a server process has loaded, kept between calls so a live edit does not load the
 * snapshot and its log and scan the whole document for conflicts every time (hundreds of
 * milliseconds at 1,000 nodes). A document is checked out for one unit of work ({@link take}) and
 * kept again only once that unit committed ({@link keep}), so a replica holding changes of a unit
 * that rolled back is never used again. The stored version is the truth: a document another process
 * wrote since (a higher version) is loaded afresh. The least recently used go first.
 */
export class LoadedDocuments {
  private readonly entries = new Map<string, Loaded>();

  constructor(private readonly limit = LOADED_DOCUMENTS_LIMIT) {}

  /** The loaded replica of `key` at exactly `version`, checked out (no one else gets it until kept again); else undefined. */
  take(key: string, version: number): TopologyReplica | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    return entry.version === version ? entry.replica : undefined;
  }

  /** Keeps `replica` as `key` at `version` (what the store holds after the unit that used it committed). */
  keep(key: string, version: number, replica: TopologyReplica): void {
    const held = this.entries.get(key);
    if (held && held.version > version) return;
    this.entries.delete(key);
    this.entries.set(key, { version, replica });
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** Forgets `key` (its topology was deleted). */
  forget(key: string): void {
    this.entries.delete(key);
  }
}
