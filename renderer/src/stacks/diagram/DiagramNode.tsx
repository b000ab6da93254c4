import type { PointerEvent } from 'react';
import type { StackState } from '../../../../engine/api/schemas/stacks';
import { STATE_HEIGHT, STATE_WIDTH, type Point } from './diagram-layout';
import type { PlacedProblem } from './diagram-problems';

export interface DiagramNodeProps {
  state: StackState;
  at: Point;
  current: boolean;
  busy: boolean;
  selected: boolean;
  editable: boolean;
  problems: readonly PlacedProblem[] | undefined;
  onPointerDown(event: PointerEvent<SVGGElement>): void;
  onHandlePointerDown(event: PointerEvent<SVGCircleElement>): void;
  onSelect(): void;
}

/** One state: a rounded box, marked when initial (an entry dot and arrow), terminal (double border), current (thick outline and a badge), selected or wrong. */
export function DiagramNode({
  state,
  at,
  current,
  busy,
  selected,
  editable,
  problems,
  onPointerDown,
  onHandlePointerDown,
  onSelect,
}: DiagramNodeProps) {
  const problemText = (problems ?? []).map((problem) => problem.message).join('\n');
  const classes = ['state-node'];
  if (state.initial) classes.push('state-node--initial');
  if (state.terminal) classes.push('state-node--terminal');
  if (current) classes.push('state-node--current');
  if (current && busy) classes.push('state-node--busy');
  if (selected) classes.push('state-node--selected');
  if (problemText) classes.push('state-node--problem');
  const label = `State ${state.name}${state.initial ? ', initial' : ''}${state.terminal ? ', terminal' : ''}${current ? ', current' : ''}${problemText ? `. Problem: ${problemText}` : ''}`;
  return (
    <g
      className={classes.join(' ')}
      transform={`translate(${at.x} ${at.y})`}
      data-testid={`state-node-${state.name}`}
      data-current={current ? 'true' : undefined}
      data-busy={current && busy ? 'true' : undefined}
      data-selected={selected ? 'true' : undefined}
      data-problem={problemText ? 'true' : undefined}
      role={editable ? 'button' : 'img'}
      tabIndex={editable ? 0 : undefined}
      aria-label={label}
      aria-pressed={editable ? selected : undefined}
      onPointerDown={editable ? onPointerDown : undefined}
      onKeyDown={(event) => {
        if (editable && (event.key === 'Enter' || event.key === ' ')) {
          event.preventDefault();
          onSelect();
        }
      }}
    >
      <title>{state.description ? `${state.name}: ${state.description}` : state.name}</title>
      {state.terminal && <rect className="state-node__outer" x={-4} y={-4} width={STATE_WIDTH + 8} height={STATE_HEIGHT + 8} rx={11} />}
      <rect className="state-node__box" width={STATE_WIDTH} height={STATE_HEIGHT} rx={8} />
      {state.initial && (
        <g className="state-node__entry" data-testid={`state-initial-${state.name}`} aria-hidden="true">
          <circle cx={-26} cy={STATE_HEIGHT / 2} r={5} />
          <line x1={-21} y1={STATE_HEIGHT / 2} x2={-7} y2={STATE_HEIGHT / 2} />
          <path d={`M -7 ${STATE_HEIGHT / 2 - 4} L 0 ${STATE_HEIGHT / 2} L -7 ${STATE_HEIGHT / 2 + 4} z`} />
        </g>
      )}
      <text className="state-node__name" x={STATE_WIDTH / 2} y={STATE_HEIGHT / 2 + 4} textAnchor="middle">
        {state.name.length > 18 ? `${state.name.slice(0, 17)}…` : state.name}
      </text>
      {current && (
        <g className="state-node__badge" transform="translate(8 -9)" data-testid={`state-current-badge-${state.name}`} aria-hidden="true">
          <rect width={58} height={16} rx={8} />
          <text x={29} y={11.5} textAnchor="middle">
            CURRENT
          </text>
        </g>
      )}
      {problemText && (
        <g className="state-node__problem" transform={`translate(${STATE_WIDTH - 10} -6)`} data-testid={`state-problem-${state.name}`}>
          <title>{problemText}</title>
          <circle r={8} />
          <text y={4} textAnchor="middle">
            !
          </text>
        </g>
      )}
      {editable && (
        <circle
          className="state-node__handle"
          cx={STATE_WIDTH}
          cy={STATE_HEIGHT / 2}
          r={6}
          data-testid={`state-handle-${state.name}`}
          aria-label={`Draw a transition from ${state.name}`}
          onPointerDown={(event) => {
            event.stopPropagation();
            onHandlePointerDown(event);
          }}
        >
          <title>Drag to another state (or back to this one) to add a transition</title>
        </circle>
      )}
    </g>
  );
}
