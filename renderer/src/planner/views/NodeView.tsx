import type { CSSProperties } from 'react';
import type { RenderEmit } from 'rete-react-plugin';
import type { PlannerNode } from '../planner-node';
import type { PlannerSchemes } from '../schemes';
import { PortView } from './PortView';

export interface NodeViewProps {
  data: PlannerNode;
  emit: RenderEmit<PlannerSchemes>;
}

const STATUS_TEXT = { invalid: 'invalid', valid: 'valid', deployed: 'deployed', drifted: 'drifted' } as const;

/**
 * Renders exactly `data.width` × `data.height`, the size layout code relies on: label and
 * `component@version`, provider and status badge, the key resolved values, then the typed ports.
 * Plan problems outline the node in red with their count; the plan overlay adds the wave number.
 * A node added while zoomed far out is drawn as the box and header only (`data.detailed`).
 */
export function NodeView({ data, emit }: NodeViewProps) {
  const { overlay, contract, marks } = data;
  const invalid = overlay.issues.length > 0;
  const peers = marks.peers;
  const badged = invalid || overlay.wave !== null || marks.conflicts > 0 || peers.length > 0;
  const classes = [
    'planner-node',
    badged && 'planner-node--badged',
    data.selected && 'planner-node--selected',
    invalid && 'planner-node--invalid',
    peers.length > 0 && 'planner-node--peer',
    !contract && 'planner-node--untyped',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={classes}
      style={
        peers.length > 0
          ? ({ width: data.width, height: data.height, '--peer-colour': peers[0]?.colour } as CSSProperties)
          : { width: data.width, height: data.height }
      }
      data-testid="planner-node"
      data-node-id={data.id}
      data-label={data.label}
      data-selected={data.selected ? 'true' : 'false'}
      data-status={overlay.status ?? 'none'}
      data-conflicts={marks.conflicts > 0 ? marks.conflicts : undefined}
      data-peers={peers.length > 0 ? peers.map((peer) => peer.name).join(', ') : undefined}
    >
      {/*
        The keyboard's and assistive technology's handle on the node: a text-less button laid over the
        whole node, so its name is exactly label and component (the node's other text — values, ports —
        would otherwise have to be part of a button's name), and pointer events pass through it.
      */}
      <span
        className="planner-node__handle"
        data-node-handle={data.id}
        role="button"
        tabIndex={-1}
        aria-roledescription="node"
        aria-label={nodeAccessibleName(data)}
        aria-pressed={data.selected === true}
      />
      {overlay.wave !== null && (
        <span className="planner-node__wave" data-testid="node-wave" data-wave={overlay.wave} title={`Deployed in wave ${overlay.wave}`}>
          <span className="visually-hidden">Wave </span>
          {overlay.wave}
        </span>
      )}
      {invalid && (
        <span className="planner-node__issue-count" data-testid="node-issue-count" title={overlay.issues.join('\n')}>
          {overlay.issues.length}
          <span className="visually-hidden">{overlay.issues.length === 1 ? ' problem' : ' problems'}</span>
        </span>
      )}
      {marks.conflicts > 0 && (
        <span
          className="planner-node__conflicts"
          data-testid="node-conflict-count"
          title={`${marks.conflicts} ${marks.conflicts === 1 ? 'conflict' : 'conflicts'} from concurrent edits: select the node to choose a value`}
        >
          {marks.conflicts}
          <span className="visually-hidden">{marks.conflicts === 1 ? ' conflict' : ' conflicts'}</span>
        </span>
      )}
      {peers.length > 0 && (
        <span className="planner-node__peers" data-testid="node-peers">
          {peers.map((peer) => (
            <span
              key={peer.userId}
              className="planner-node__peer"
              style={{ background: peer.colour }}
              title={`${peer.name} has this node selected`}
              data-testid="node-peer"
            >
              {peer.name}
            </span>
          ))}
        </span>
      )}
      <div className="planner-node__header">
        <div className="planner-node__label" data-testid="planner-node-label" title={data.label}>
          {data.label}
        </div>
        <div className="planner-node__component" title={contract?.description || data.component} data-testid="planner-node-component">
          {data.component}
        </div>
      </div>
      {data.detailed && <NodeDetails data={data} emit={emit} />}
    </div>
  );
}

/** What the node's handle is called: label and component first (how people find it), then its state. */
function nodeAccessibleName(data: PlannerNode): string {
  const { overlay } = data;
  const parts = [data.label, data.component];
  if (overlay.status) parts.push(STATUS_TEXT[overlay.status]);
  if (overlay.wave !== null) parts.push(`wave ${overlay.wave}`);
  if (overlay.issues.length > 0) parts.push(overlay.issues.length === 1 ? '1 problem' : `${overlay.issues.length} problems`);
  if (data.marks.conflicts > 0) parts.push(data.marks.conflicts === 1 ? '1 conflict' : `${data.marks.conflicts} conflicts`);
  if (data.marks.peers.length > 0) parts.push(`selected by ${data.marks.peers.map((peer) => peer.name).join(', ')}`);
  return parts.join(', ');
}

/** Meta, key values and ports: left out of nodes drawn far out (see node-detail.ts). */
function NodeDetails({ data, emit }: NodeViewProps) {
  const inputs = Object.entries(data.inputs);
  const outputs = Object.entries(data.outputs);
  const { overlay, contract } = data;
  return (
    <>
      <div className="planner-node__meta">
        <span
          className="planner-node__provider"
          data-testid="planner-node-provider"
          title={contract ? `${contract.semanticType} on ${contract.provider}` : 'No published contract'}
        >
          {contract ? `${contract.provider} · ${contract.semanticType}` : 'no contract'}
        </span>
        {overlay.status && (
          <span
            className={`planner-node__status planner-node__status--${overlay.status}`}
            data-testid="node-status"
            data-status={overlay.status}
            title={overlay.statusDetail}
          >
            {STATUS_TEXT[overlay.status]}
          </span>
        )}
      </div>
      <dl className="planner-node__values">
        <div className="planner-node__value" data-testid="node-address">
          <dt>address</dt>
          <dd title={overlay.address ?? undefined}>{overlay.address ?? '—'}</dd>
        </div>
        <div className="planner-node__value" data-testid="node-name">
          <dt>name</dt>
          <dd title={overlay.name ?? undefined}>{overlay.name ?? '—'}</dd>
        </div>
      </dl>
      <div className="planner-node__ports">
        <div className="planner-node__column">
          {inputs.map(
            ([key, input]) =>
              input && (
                <PortView
                  key={key}
                  side="input"
                  portKey={key}
                  label={input.label ?? key}
                  socket={input.socket}
                  nodeId={data.id}
                  emit={emit}
                />
              ),
          )}
        </div>
        <div className="planner-node__column planner-node__column--outputs">
          {outputs.map(
            ([key, output]) =>
              output && (
                <PortView
                  key={key}
                  side="output"
                  portKey={key}
                  label={output.label ?? key}
                  socket={output.socket}
                  nodeId={data.id}
                  emit={emit}
                />
              ),
          )}
        </div>
      </div>
    </>
  );
}
