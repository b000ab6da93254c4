import type { ComponentVersionInfo } from '../../api/entities';
import { VersionDiff } from '../../catalog/VersionDiff';
import { VersionList } from '../../catalog/VersionList';
import { Icon } from '../../ui/Icon';

export interface VersionHistoryProps {
  name: string;
  versions: readonly ComponentVersionInfo[];
  /** The version shown read-only, or null for the draft. */
  viewing: number | null;
  /** Changes whenever the draft or the versions changed, so the comparison is fetched again. */
  revision: number;
  dirty: boolean;
  onOpen(version: number | null): void;
  onPublish(): void;
}

/** Published versions with their changelogs, opening one read-only, and comparing any two (or one with the draft). */
export function VersionHistory({ name, versions, viewing, revision, dirty, onOpen, onPublish }: VersionHistoryProps) {
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  return (
    <div className="version-history" data-testid="version-history">
      <section className="card" aria-labelledby="history-versions-title">
        <div className="version-history__head">
          <h2 id="history-versions-title" className="card__title">
            Versions
          </h2>
          <span className="toolbar__spacer" />
          <button type="button" className="button button--small" onClick={onPublish} data-testid="history-publish">
            <Icon name="publish" size={14} />
            Publish the draft…
          </button>
        </div>
        <VersionList versions={versions} />
        {newestFirst.length > 0 && (
          <div className="version-history__open" role="group" aria-label="Open a version">
            <span className="muted">Open read-only:</span>
            {newestFirst.map((version) => (
              <button
                key={version.version}
                type="button"
                className={`button button--small${viewing === version.version ? ' button--pressed' : ''}`}
                aria-pressed={viewing === version.version}
                onClick={() => onOpen(version.version)}
                data-testid="open-version"
                data-version={version.version}
              >
                v{version.version}
              </button>
            ))}
            {viewing !== null && (
              <button
                type="button"
                className="button button--small button--primary"
                onClick={() => onOpen(null)}
                data-testid="history-edit-draft"
              >
                Back to the draft
              </button>
            )}
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="history-compare-title">
        <h2 id="history-compare-title" className="card__title">
          Compare versions
        </h2>
        {dirty && (
          <p className="card__text muted">The draft side is the saved draft; your unsaved changes are not part of the comparison.</p>
        )}
        <VersionDiff name={name} versions={versions} hasDraft revision={revision} />
      </section>
    </div>
  );
}
