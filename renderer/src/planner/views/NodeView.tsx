import type { RenderEmit } from 'rete-react-plugin';
import type { PlannerNode } from '../planner-node';
import type { PlannerSchemes } from '../schemes';
import { PortView } from './PortView';

export interface NodeViewProps {
  data: PlannerNode;
  emit: RenderEmit<PlannerSchemes>;
}

/** Renders exactly `data.width` × `data.height`, the size layout code relies on. */
export function NodeView({ data, emit }: NodeViewProps) {
  const inputs = Object.entries(data.inputs);
  const outputs = Object.entries(data.outputs);
  return (
    <div
      className={`planner-node${data.selected ? ' planner-node--selected' : ''}`}
      style={{ width: data.width, height: data.height }}
      data-testid="planner-node"
      data-node-id={data.id}
      data-label={data.label}
      data-selected={data.selected ? 'true' : 'false'}
    >
      <div className="planner-node__header">
        <div className="planner-node__label" data-testid="planner-node-label" title={data.label}>
          {data.label}
        </div>
        <div className="planner-node__component" title={data.component}>
          {data.component}
        </div>
      </div>
      <div className="planner-node__ports">
        <div className="planner-node__column">
          {inputs.map(
            ([key, input]) =>
              input && <PortView key={key} side="input" portKey={key} label={input.label ?? key} socket={input.socket} nodeId={data.id} emit={emit} />,
          )}
        </div>
        <div className="planner-node__column planner-node__column--outputs">
          {outputs.map(
            ([key, output]) =>
              output && <PortView key={key} side="output" portKey={key} label={output.label ?? key} socket={output.socket} nodeId={data.id} emit={emit} />,
          )}
        </div>
      </div>
    </div>
  );
}
