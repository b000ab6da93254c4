import { Presets, type RenderEmit } from 'rete-react-plugin';
import type { PlannerNode } from '../planner-node';
import type { PlannerSchemes } from '../schemes';

const { RefSocket } = Presets.classic;

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
              input && (
                <div key={key} className="planner-port planner-port--input">
                  <RefSocket
                    name="planner-port__socket"
                    side="input"
                    socketKey={key}
                    nodeId={data.id}
                    emit={emit}
                    payload={input.socket}
                    data-testid="node-input-socket"
                    data-port={key}
                  />
                  <span className="planner-port__label">{input.label ?? key}</span>
                </div>
              ),
          )}
        </div>
        <div className="planner-node__column planner-node__column--outputs">
          {outputs.map(
            ([key, output]) =>
              output && (
                <div key={key} className="planner-port planner-port--output">
                  <span className="planner-port__label">{output.label ?? key}</span>
                  <RefSocket
                    name="planner-port__socket"
                    side="output"
                    socketKey={key}
                    nodeId={data.id}
                    emit={emit}
                    payload={output.socket}
                    data-testid="node-output-socket"
                    data-port={key}
                  />
                </div>
              ),
          )}
        </div>
      </div>
    </div>
  );
}
