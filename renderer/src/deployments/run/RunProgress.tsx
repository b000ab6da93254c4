import type { JobStatus } from '../../../../engine/api/contract';
import { ProgressBar } from '../../ui/ProgressBar';
import { Tag } from '../../ui/Tag';
import { isTerminalNodeStatus, progressFraction, type JobRunView } from './node-runs';
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
  /** A word for one node in the summary: "component". */
  unit?: string;
}

/** A topology job as it runs: the whole job's progress, a row per node with its log, and the job's own log. */
export function RunProgress({ view, status, label, unit = 'component' }: RunProgressProps) {
  const done = view.progress ?? { done: view.nodes.filter((node) => isTerminalNodeStatus(node.status)).length, total: view.nodes.length };
  const state = JOB_STATUS[status ?? 'running'];
  const text = `${done.done} of ${done.total} ${done.total === 1 ? unit : `${unit}s`}`;
  return (
    <div className="run-progress" data-testid="run-progress" data-status={status ?? 'running'}>
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
