import type { DeploymentRun } from '../../api/entities';
import { Tag } from '../../ui/Tag';
import { OutputsTable } from '../OutputsTable';
import { OUTCOME_TONE } from '../status-tones';
import { describeOutcomes } from './outcomes';

/** What a finished topology job did to every node: the outcome, the error with its message, the outputs. */
export function RunOutcome({ run }: { run: DeploymentRun }) {
  // A cancelled run that broke nothing reads as a warning, not as a failure.
  const failed = run.nodes.some((node) => node.outcome === 'failed');
  return (
    <div className="run-outcome" data-testid="run-outcome" data-succeeded={run.succeeded ? 'true' : 'false'}>
      <p
        className={`plan-summary${run.succeeded ? '' : failed ? ' plan-summary--invalid' : ' plan-summary--warning'}`}
        role="status"
        data-testid="run-outcome-summary"
      >
        {run.succeeded ? 'Succeeded' : failed ? 'Did not fully succeed' : 'Stopped before the end'} ·{' '}
        {describeOutcomes(run) || 'no components'}
      </p>
      <ul className="run-outcome__nodes">
        {run.nodes.map((node) => (
          <li
            key={node.nodeId}
            className="run-outcome__node"
            data-testid="result-node"
            data-node-id={node.nodeId}
            data-label={node.label}
            data-outcome={node.outcome}
          >
            <header className="run-outcome__header">
              <span className="run-node__label">{node.label}</span>
              <Tag tone={OUTCOME_TONE[node.outcome]} testId="result-outcome">
                {node.outcome}
              </Tag>
            </header>
            {node.error && (
              <p className="run-node__message run-node__message--error" data-testid="result-error">
                <span className="mono">{node.error.code}</span>: {node.error.message}
              </p>
            )}
            {node.outcome !== 'destroyed' && (
              <OutputsTable outputs={node.outputs} caption={`Outputs of ${node.label}`} empty="No outputs." />
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
