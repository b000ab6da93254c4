import type { ComponentVersionInfo } from '../api/entities';
import { Tag } from '../ui/Tag';
import { DATE_TIME } from '../ui/time-format';

/** Published versions, newest first, each with its changelog, date and author. */
export function VersionList({ versions }: { versions: readonly ComponentVersionInfo[] }) {
  if (versions.length === 0) {
    return <p className="card__text">Not published yet. Publish the draft to make it usable in topologies as a fixed version.</p>;
  }
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  return (
    <ol className="version-list" data-testid="version-list">
      {newestFirst.map((version, index) => (
        <li key={version.version} className="version-list__item" data-testid="version-item" data-version={version.version}>
          <div className="version-list__head">
            <Tag tone="accent">v{version.version}</Tag>
            {index === 0 && <Tag tone="success">latest</Tag>}
            <time className="version-list__date" dateTime={version.publishedAt}>
              {DATE_TIME.format(new Date(version.publishedAt))}
            </time>
            <span className="version-list__author">by {version.publishedBy}</span>
          </div>
          <p className="version-list__changelog" data-testid="version-changelog">
            {version.changelog}
          </p>
        </li>
      ))}
    </ol>
  );
}
