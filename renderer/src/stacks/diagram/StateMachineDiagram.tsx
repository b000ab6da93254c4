import type { CSSProperties, JSX } from 'react';
import type { StateMachineDocument } from '../../../../engine/api/schemas/stacks';

/*
 * A minimal, read-only stand-in for the state machine diagram being built on the Stacks page's branch.
 * It keeps the exact exported API and test ids of that component (`state-node-<name>`, `data-current`),
 * so pages can depend on it now and the full editor replaces this file when the branches merge.
 */

export interface StateMachineDiagramProps {
  machine: StateMachineDocument;
  current?: string | null;
  busy?: boolean;
  editable?: boolean;
  onChange?: (machine: StateMachineDocument) => void;
  problems?: { path: string; message: string }[];
}

const WIDTH = 124;
const HEIGHT = 40;
const COLUMNS = 4;
const MARGIN = 40;

type Point = { x: number; y: number };

/** Where each state's box sits: its saved position, or a grid in declaration order when any is missing. */
function layout(machine: StateMachineDocument): Map<string, Point> {
  const positioned = machine.states.every((state) => state.position);
  return new Map(
    machine.states.map((state, index) => [
      state.name,
      positioned && state.position ? state.position : { x: (index % COLUMNS) * (WIDTH + 90), y: Math.floor(index / COLUMNS) * (HEIGHT + 90) },
    ]),
  );
}

/** Where the segment from the centre of a box towards `toward` leaves the box's border. */
function border(center: Point, toward: Point): Point {
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  if (dx === 0 && dy === 0) return center;
  const scale = Math.min(Math.abs(WIDTH / 2 / (dx || Number.MIN_VALUE)), Math.abs(HEIGHT / 2 / (dy || Number.MIN_VALUE)));
  return { x: center.x + dx * scale, y: center.y + dy * scale };
}

const text: CSSProperties = { fill: 'var(--text)', fontSize: 12, fontFamily: 'inherit' };
const label: CSSProperties = { fill: 'var(--text-muted)', fontSize: 10, fontFamily: 'inherit', paintOrder: 'stroke', stroke: 'var(--surface)', strokeWidth: 3 };

export function StateMachineDiagram({ machine, current = null, busy = false }: StateMachineDiagramProps): JSX.Element {
  const positions = layout(machine);
  const centre = (name: string): Point | null => {
    const at = positions.get(name);
    return at ? { x: at.x + WIDTH / 2, y: at.y + HEIGHT / 2 } : null;
  };
  const points = [...positions.values()];
  const minX = Math.min(0, ...points.map((point) => point.x)) - MARGIN;
  const minY = Math.min(0, ...points.map((point) => point.y)) - MARGIN;
  const maxX = Math.max(WIDTH, ...points.map((point) => point.x + WIDTH)) + MARGIN;
  const maxY = Math.max(HEIGHT, ...points.map((point) => point.y + HEIGHT)) + MARGIN;
  const pairs = new Set(machine.transitions.map((transition) => `${transition.from}>${transition.to}`));

  return (
    <svg
      className="state-diagram"
      viewBox={`${minX} ${minY} ${maxX - minX} ${maxY - minY}`}
      role="img"
      aria-label={current ? `State machine; current state ${current}${busy ? ', a workflow is running' : ''}` : 'State machine'}
      data-testid="state-machine-diagram"
      style={{ width: '100%', maxHeight: 420, display: 'block' }}
    >
      <defs>
        <marker id="state-diagram-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0 0L10 5L0 10z" style={{ fill: 'var(--wire)' }} />
        </marker>
      </defs>
      {machine.transitions.map((transition, index) => {
        const from = centre(transition.from);
        const to = centre(transition.to);
        if (!from || !to || transition.from === transition.to) return null;
        // A pair of states joined both ways gets its two lines apart, so both labels can be read.
        const offset = pairs.has(`${transition.to}>${transition.from}`) ? 7 : 0;
        const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
        const nx = (-(to.y - from.y) / length) * offset;
        const ny = ((to.x - from.x) / length) * offset;
        const start = border(from, to);
        const end = border(to, from);
        const a = { x: start.x + nx, y: start.y + ny };
        const b = { x: end.x + nx, y: end.y + ny };
        return (
          <g key={index} data-testid="state-transition" data-from={transition.from} data-to={transition.to} data-trigger={transition.trigger}>
            <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} markerEnd="url(#state-diagram-arrow)" style={{ stroke: 'var(--wire)', strokeWidth: 1.4 }} />
            <text x={(a.x + b.x) / 2 + nx} y={(a.y + b.y) / 2 + ny - 3} textAnchor="middle" style={label}>
              {transition.trigger}
              {transition.workflow ? ` / ${transition.workflow}` : ''}
            </text>
          </g>
        );
      })}
      {machine.states.map((state) => {
        const at = positions.get(state.name);
        if (!at) return null;
        const isCurrent = state.name === current;
        return (
          <g key={state.name} data-testid={`state-node-${state.name}`} data-current={isCurrent ? 'true' : undefined} data-busy={isCurrent && busy ? 'true' : undefined}>
            <title>{`${state.name}${state.initial ? ' (initial)' : ''}${state.terminal ? ' (terminal)' : ''}${isCurrent ? ' — current' : ''}`}</title>
            <rect
              x={at.x}
              y={at.y}
              width={WIDTH}
              height={HEIGHT}
              rx={state.terminal ? 4 : 10}
              style={{
                fill: isCurrent ? 'var(--accent-soft)' : 'var(--node-bg)',
                stroke: isCurrent ? 'var(--accent)' : 'var(--node-border)',
                strokeWidth: isCurrent ? 2.5 : state.initial ? 2 : 1.2,
                strokeDasharray: isCurrent && busy ? '6 3' : undefined,
              }}
            />
            <text x={at.x + WIDTH / 2} y={at.y + HEIGHT / 2 + 4} textAnchor="middle" style={{ ...text, fontWeight: isCurrent ? 700 : 500 }}>
              {state.name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
