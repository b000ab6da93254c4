import { useEffect } from 'react';
import { downloadFile } from '../planner/files/download';
import { useNotifier } from '../toasts/ToastProvider';
import { EmptyState } from '../ui/EmptyState';
import { NoMatchState } from '../ui/FilterBar';
import { Icon } from '../ui/Icon';
import { useReactivation } from '../ui/use-reactivation';
import { isAuditFilterSet } from './audit-filter';
import { describeAuditError } from './audit-error';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { useAuditSession } from './use-audit-session';

const COUNT = new Intl.NumberFormat();

/** A file name for an export made now: `nimbus-audit-2026-12-06T0815.jsonl`. */
function exportFileName(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `nimbus-audit-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}${pad(now.getMinutes())}.jsonl`;
}

/** Who changed what and when: the audit log, filtered, a page at a time, with its values and an export. */
export function AuditPage({ active }: { active: boolean }) {
  const { session, snapshot } = useAuditSession();
  const notifier = useNotifier();
  const reactivation = useReactivation(active);

  // Read the newest entries each time the page is shown: changes made elsewhere meanwhile appear.
  useEffect(() => {
    if (active) void session.refresh();
  }, [active, reactivation, session]);

  const { filter, filterProblem, shownFilter, entries, loading, error, reachedEnd, expanded } = snapshot;
  const exporting = snapshot.export?.running ?? false;

  const exportAll = async () => {
    const result = await session.exportAll();
    if (!result) return;
    downloadFile(new Blob([result.text], { type: 'application/jsonl' }), exportFileName());
    notifier.success('Audit log exported', `${COUNT.format(result.count)} ${result.count === 1 ? 'entry' : 'entries'}, oldest first`);
  };

  const problem = error ? describeAuditError(error) : null;
  const exportProblem = snapshot.export?.error ? describeAuditError(snapshot.export.error) : null;

  let body;
  if (shownFilter === null) {
    body = problem ? (
      <EmptyState
        icon="alert"
        title={problem.title}
        testId="audit-error"
        action={
          <button type="button" className="button" onClick={() => void session.refresh()}>
            Try again
          </button>
        }
      >
        {problem.message}
      </EmptyState>
    ) : (
      <div className="page__loading" role="status" data-testid="audit-loading">
        Loading the audit log…
      </div>
    );
  } else if (entries.length === 0) {
    body = isAuditFilterSet(shownFilter) ? (
      <NoMatchState title="No entry matches the filters" testId="audit-no-match" onClear={() => session.clearFilter()}>
        Actor, action, entity and id match exactly (e.g. action <span className="mono">topology.create</span>, entity{' '}
        <span className="mono">topology</span>); every field set must match.
      </NoMatchState>
    ) : (
      <EmptyState icon="audit" title="No changes recorded yet" testId="audit-empty">
        Every change to topologies, settings and deployments is recorded here: who made it, when, from which request, and the values before
        and after.
      </EmptyState>
    );
  } else {
    body = (
      <>
        <AuditTable entries={entries} expanded={expanded} onToggle={(id) => session.toggle(id)} />
        <div className="audit-paging">
          {reachedEnd ? (
            <p className="muted" data-testid="audit-end">
              {isAuditFilterSet(shownFilter)
                ? `All ${COUNT.format(entries.length)} matching ${entries.length === 1 ? 'entry' : 'entries'} shown.`
                : `Start of the audit log: all ${COUNT.format(entries.length)} ${entries.length === 1 ? 'entry' : 'entries'} shown.`}
            </p>
          ) : (
            <>
              <span className="muted" data-testid="audit-count">
                {COUNT.format(entries.length)} newest shown
              </span>
              <button
                type="button"
                className="button"
                onClick={() => void session.loadOlder()}
                disabled={loading !== null}
                data-testid="audit-load-older"
              >
                {loading === 'older' ? 'Loading…' : 'Load older'}
              </button>
            </>
          )}
        </div>
      </>
    );
  }

  return (
    <div className="page page--scroll audit-page" hidden={!active} data-testid="audit-page">
      <div className="page__content page__content--wide">
        <header className="page__header">
          <div>
            <h1 className="page__title">Audit</h1>
            <p className="page__subtitle">Who changed what and when, newest first. Open a row to compare the values before and after.</p>
          </div>
          <div className="audit-page__actions">
            <button
              type="button"
              className="button button--small"
              onClick={() => void session.refresh()}
              disabled={loading !== null || filterProblem !== null}
              data-testid="audit-refresh"
            >
              <Icon name="refresh" size={14} />
              Refresh
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => void exportAll()}
              disabled={exporting || filterProblem !== null}
              title="Every entry matching the filters, oldest first, one JSON object a line (like nimbus audit export)"
              data-testid="audit-export"
            >
              <Icon name="download" size={14} />
              Export JSON lines
            </button>
          </div>
        </header>
        <AuditFilters
          filter={filter}
          problem={filterProblem}
          onChange={(patch, options) => session.setFilter(patch, options)}
          onClear={() => session.clearFilter()}
        />
        {exporting && (
          <div className="audit-banner" role="status" data-testid="audit-export-progress">
            <span className="audit-banner__text">
              Exporting… {COUNT.format(snapshot.export?.read ?? 0)} {snapshot.export?.read === 1 ? 'entry' : 'entries'} read
            </span>
            <button type="button" className="button button--small" onClick={() => session.cancelExport()} data-testid="audit-export-cancel">
              Cancel export
            </button>
          </div>
        )}
        {exportProblem && (
          <div className="audit-banner audit-banner--danger" role="alert" data-testid="audit-export-error">
            <Icon name="alert" size={16} />
            <span className="audit-banner__text">
              <strong>Export failed.</strong> {exportProblem.message}
            </span>
            <button type="button" className="button button--small" onClick={() => session.dismissExport()}>
              Dismiss
            </button>
          </div>
        )}
        {problem && shownFilter !== null && (
          <div className="audit-banner audit-banner--danger" role="alert" data-testid="audit-error-banner">
            <Icon name="alert" size={16} />
            <span className="audit-banner__text">
              <strong>{problem.title}.</strong> {problem.message}
            </span>
            <button type="button" className="button button--small" onClick={() => void session.refresh()}>
              Try again
            </button>
          </div>
        )}
        <div className="audit-page__body" aria-busy={loading === 'first'} data-loading={loading ?? undefined}>
          {body}
        </div>
      </div>
    </div>
  );
}
