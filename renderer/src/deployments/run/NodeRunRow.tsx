import { useId, useState } from 'react';
import { Icon } from '../../ui/Icon';
import { Tag } from '../../ui/Tag';
import { OutputsTable } from '../OutputsTable';
import { NODE_RUN_TONE } from '../status-tones';
import { isTerminalNodeStatus, type NodeRun } from './node-runs';
import { RunLog } from './RunLog';

/** One node of a running topology job: its status, what the engine said last, and its own log on demand. */
export function NodeRunRow({ node }: { node: NodeRun }) {
  const [open, setOpen] = useState<boolean | null>(null);
  // A failed node opens its log by itself; once the person toggles it, their choice wins.
  const expanded = open ?? node.status === 'failed';
  const active = !isTerminalNodeStatus(node.status) && node.status !== 'waiting';
  const { started, finished, failed } = node.resources;
  const logId = useId();
  return (
    <li
      className={`run-node run-node--${node.status}`}
      data-testid="run-node"
      data-node-id={node.nodeId}
      data-label={node.label}
      data-status={node.status}
    >
      <div className="run-node__row">
        <span className={`run-node__indicator${active ? ' run-node__indicator--active' : ''}`} aria-hidden="true" />
        <span className="run-node__label">{node.label}</span>
        <Tag tone={NODE_RUN_TONE[node.status]} testId="run-node-status">
          {node.status}
        </Tag>
        {started > 0 && (
          <span className="run-node__resources muted" title="Pulumi resources of this node: finished / started">
            {finished + failed}/{started} resources{failed > 0 ? `, ${failed} failed` : ''}
          </span>
        )}
        <span className="run-node__spacer" />
        <button
          type="button"
          className="button button--ghost button--small"
          aria-expanded={expanded}
          aria-controls={logId}
          onClick={() => setOpen(!expanded)}
          data-testid="run-node-toggle-log"
        >
          <Icon name="file" size={14} />
          Log ({node.log.length})
        </button>
      </div>
      {node.message && (
        <p className={`run-node__message${node.status === 'failed' ? ' run-node__message--error' : ''}`} data-testid="run-node-message">
          {node.message}
        </p>
      )}
      {node.outputs && Object.keys(node.outputs).length > 0 && isTerminalNodeStatus(node.status) && (
        <details className="run-node__outputs">
          <summary>Outputs ({Object.keys(node.outputs).length})</summary>
          <OutputsTable outputs={node.outputs} caption={`Outputs of ${node.label}`} />
        </details>
      )}
      {expanded && (
        <div id={logId}>
          <RunLog lines={node.log} label={`Log of ${node.label}`} testId="run-node-log" />
        </div>
      )}
    </li>
  );
}
