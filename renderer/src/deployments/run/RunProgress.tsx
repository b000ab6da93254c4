import type { JobStatus } from '../../../../engine/api/contract';
import { ProgressBar } from '../../ui/ProgressBar';
import { Tag } from '../../ui/Tag';
import { describeRunCounts, progressFraction, runCounts, type JobRunView } from './node-runs';
import { NodeRunRow } from './NodeRunRow';
import { RunLog } from './RunLog';

const JOB_STATUS: Record<JobStatus, { label: string; tone: 'accent' | 'success' | 'danger' | 'warning' }> = {
  running: { label: 'Running', tone: 'accent' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'warning' },
  interrupted: { label: 'Interrupted', tone: 'warning' },
};

export interface RunProgressProps {
  view: JobRunView;
  status: JobStatus | null;
  /** Names the progress bar: "Deployment progress". */
  label: string;
}

/**
 * A topology job as it runs: the whole job's progress with what runs now ("2 running · 3 of 7 done",
 * counted from the per-node events), a row per node with its log, and the job's own log.
 */
export function RunProgress({ view, status, label }: RunProgressProps) {
  const counts = runCounts(view);
  const state = JOB_STATUS[status ?? 'running'];
  const text = describeRunCounts(counts);
  return (
    <div
      className="run-progress"
      data-testid="run-progress"
      data-status={status ?? 'running'}
      data-running={counts.running}
      data-done={counts.done}
      data-total={counts.total}
    >
      <div className="run-progress__head">
        <ProgressBar fraction={progressFraction(view)} label={label} text={text} tone={state.tone} testId="run-progress-bar" />
        <Tag tone={state.tone} testId="run-status">
          {state.label}
        </Tag>
      </div>
      {view.error && (
        <div className="form-error" role="alert" data-testid="run-error">
          {view.error.message}
        </div>
      )}
      {view.nodes.length > 0 ? (
        <ul className="run-nodes" aria-label="Components">
          {view.nodes.map((node) => (
            <NodeRunRow key={node.nodeId} node={node} />
          ))}
        </ul>
      ) : (
        <p className="muted">Waiting for the engine to report the first component…</p>
      )}
      <details className="run-progress__job-log">
        <summary>Job log ({view.log.length})</summary>
        <RunLog lines={view.log} label="Job log" testId="run-job-log" />
      </details>
    </div>
  );
}
