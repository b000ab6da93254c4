/** A topology file opened or saved recently, newest first in the list. */
export interface RecentFile {
  name: string;
  /** The topology it was imported as or exported from. */
  topologyId: string;
  at: string;
}

const KEY = 'nimbus.recentTopologyFiles';
const LIMIT = 10;

/** The recent files kept in `storage` (tolerates a missing or corrupt entry). */
export function readRecentFiles(storage: Pick<Storage, 'getItem'>): RecentFile[] {
  try {
    const parsed = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed)
      ? parsed.filter(
          (entry): entry is RecentFile =>
            typeof entry?.name === 'string' && typeof entry?.topologyId === 'string' && typeof entry?.at === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

/** Puts `file` first (once), keeps the newest ten, and returns the new list. */
export function rememberRecentFile(storage: Pick<Storage, 'getItem' | 'setItem'>, file: RecentFile): RecentFile[] {
  const list = [
    file,
    ...readRecentFiles(storage).filter((entry) => !(entry.name === file.name && entry.topologyId === file.topologyId)),
  ].slice(0, LIMIT);
  try {
    storage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or unavailable: the list is a convenience, the file itself is safe.
  }
  return list;
}
