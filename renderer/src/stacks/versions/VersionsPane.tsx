import type { StackVersionInfo } from '../../../../engine/api/schemas/stacks';
import { Icon } from '../../ui/Icon';
import { blockedProps } from '../../permissions/blocked-props';
import { useBlockedReason } from '../../permissions/PermissionProvider';

export interface VersionsPaneProps {
  name: string;
  versions: readonly StackVersionInfo[];
  forkedFrom: { stack: string; version: number } | null;
  viewing: number | null;
  /** Why publishing is not possible now, or null. */
  publishBlocked: string | null;
  onPublish(): void;
  onFork(): void;
  onView(version: number | null): void;
  onOpenStack(name: string): void;
}

/** Published versions, newest first: view one read-only, publish the draft, fork a version. */
export function VersionsPane({
  name,
  versions,
  forkedFrom,
  viewing,
  publishBlocked,
  onPublish,
  onFork,
  onView,
  onOpenStack,
}: VersionsPaneProps) {
  const forkBlocked = useBlockedReason('forkStack');
  const publishLacks = useBlockedReason('publishStack');
  return (
    <div className="stack-pane__content" data-testid="stack-versions">
      <div className="section-header">
        <h3>Versions of {name}</h3>
        <div className="toolbar__spacer" />
        <button
          type="button"
          className="button"
          onClick={onFork}
          data-testid="versions-fork"
          {...blockedProps(forkBlocked, {
            disabled: versions.length === 0,
            title: versions.length === 0 ? 'Publish a version first: a fork copies a published version.' : undefined,
          })}
        >
          <Icon name="compare" size={16} />
          <span>Fork…</span>
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={onPublish}
          data-testid="versions-publish"
          {...blockedProps(publishLacks, { disabled: publishBlocked !== null, title: publishBlocked ?? undefined })}
        >
          <Icon name="publish" size={16} />
          <span>Publish…</span>
        </button>
      </div>
      {publishBlocked !== null && (
        <p className="inline-problem inline-problem--info" data-testid="publish-blocked-reason">
          <Icon name="alert" size={14} />
          <span>{publishBlocked}</span>
        </p>
      )}
      {forkedFrom && (
        <p className="muted" data-testid="stack-lineage">
          Forked from{' '}
          <button type="button" className="link-button" onClick={() => onOpenStack(forkedFrom.stack)}>
            {forkedFrom.stack}
          </button>{' '}
          v{forkedFrom.version}.
        </p>
      )}
      {versions.length === 0 ? (
        <p className="muted" data-testid="versions-empty">
          Nothing published yet. Instances deploy published versions only; publish the draft when it has no problems.
        </p>
      ) : (
        <table className="data-table data-table--middle">
          <thead>
            <tr>
              <th>Version</th>
              <th>Changelog</th>
              <th>Published</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {versions.map((version) => (
              <tr key={version.version} data-testid="stack-version-row" data-version={version.version}>
                <td className="nowrap">v{version.version}</td>
                <td className="stack-versions__changelog">{version.changelog}</td>
                <td className="nowrap muted">
                  {new Date(version.publishedAt).toLocaleString()} · {version.publishedBy}
                </td>
                <td className="data-table__actions">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => onView(viewing === version.version ? null : version.version)}
                    data-testid="view-version"
                  >
                    {viewing === version.version ? 'Back to the draft' : 'View'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
