import type { StackTransition } from '../../../../engine/api/schemas/stacks';
import type { EdgeShape } from './edge-geometry';
import type { PlacedProblem } from './diagram-problems';

export interface DiagramEdgeProps {
  transition: StackTransition;
  shape: EdgeShape;
  selected: boolean;
  editable: boolean;
  /** The transition leaves the current state: one of the ways on from here. */
  available: boolean;
  problems: readonly PlacedProblem[] | undefined;
  onSelect(): void;
  /** Lines are drawn under the states, labels over them, so a label between close states stays readable. */
  part: 'line' | 'label';
}

/** Approximate width of label text, for the box behind it (no layout pass in SVG). */
const textWidth = (text: string) => text.length * 6.4 + 10;

/** A transition: an arrow labelled with its trigger, and the workflow it runs on a second line. */
export function DiagramEdge({ transition, shape, selected, editable, available, problems, onSelect, part }: DiagramEdgeProps) {
  const problemText = (problems ?? []).map((problem) => problem.message).join('\n');
  const marks = `${transition.guard ? ' [if]' : ''}${transition.timeout ? ` ≤${transition.timeout.seconds}s` : ''}`;
  const first = `${transition.trigger}${marks}`;
  const second = transition.workflow ? `▶ ${transition.workflow}` : null;
  const width = Math.max(textWidth(first), second ? textWidth(second) : 0);
  const height = second ? 30 : 17;
  const classes = ['transition-edge'];
  if (selected) classes.push('transition-edge--selected');
  if (problemText) classes.push('transition-edge--problem');
  if (available) classes.push('transition-edge--available');
  const description = `Transition from ${transition.from} to ${transition.to} on ${transition.trigger}${transition.workflow ? `, runs ${transition.workflow}` : ''}${transition.guard ? `, guard ${transition.guard}` : ''}`;
  const select = editable
    ? (event: { stopPropagation(): void }) => {
        event.stopPropagation();
        onSelect();
      }
    : undefined;
  if (part === 'line') {
    return (
      <g className={classes.join(' ')} onPointerDown={select}>
        <path className="transition-edge__hit" d={shape.path} />
        <path className="transition-edge__line" d={shape.path} markerEnd="url(#state-diagram-arrow)" />
      </g>
    );
  }
  return (
    <g
      className={classes.join(' ')}
      data-testid={`transition-${transition.from}-${transition.trigger}`}
      data-to={transition.to}
      data-workflow={transition.workflow}
      data-selected={selected ? 'true' : undefined}
      data-problem={problemText ? 'true' : undefined}
      role={editable ? 'button' : undefined}
      tabIndex={editable ? 0 : undefined}
      aria-label={editable ? description : undefined}
      onPointerDown={select}
      onKeyDown={(event) => {
        if (editable && (event.key === 'Enter' || event.key === ' ')) {
          event.preventDefault();
          onSelect();
        }
      }}
    >
      <title>{problemText ? `${description}\nProblem: ${problemText}` : description}</title>
      <g transform={`translate(${shape.label.x} ${shape.label.y})`}>
        <rect className="transition-edge__label-box" x={-width / 2} y={-height / 2} width={width} height={height} rx={4} />
        <text className="transition-edge__trigger" textAnchor="middle" y={second ? -3 : 4}>
          {first}
        </text>
        {second && (
          <text className="transition-edge__workflow" textAnchor="middle" y={11}>
            {second}
          </text>
        )}
      </g>
    </g>
  );
}
