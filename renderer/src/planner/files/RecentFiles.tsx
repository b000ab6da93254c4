import { Icon } from '../../ui/Icon';
import type { RecentFile } from './recent-files';

export interface RecentFilesProps {
  files: RecentFile[];
  /** Ids of the topologies that still exist; files whose topology is gone are not offered. */
  known: ReadonlySet<string>;
  onOpen(topologyId: string): void;
}

/** Files opened or exported lately, each reopening the topology it was imported as or exported from. */
export function RecentFiles({ files, known, onOpen }: RecentFilesProps) {
  const shown = files.filter((file) => known.has(file.topologyId));
  if (shown.length === 0) return null;
  return (
    <section className="recent-files" aria-label="Recent files">
      <h3 className="recent-files__title">Recent files</h3>
      <ul className="recent-files__items" data-testid="recent-files">
        {shown.map((file) => (
          <li key={`${file.topologyId}:${file.name}`}>
            <button
              type="button"
              className="recent-files__item"
              title={`Open the topology of ${file.name}`}
              onClick={() => onOpen(file.topologyId)}
              data-testid="recent-file"
            >
              <Icon name="file" size={14} />
              <span className="recent-files__name">{file.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
