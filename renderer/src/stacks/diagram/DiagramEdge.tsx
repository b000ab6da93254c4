import type { StackTransition } from '../../../../engine/api/schemas/stacks';
import type { Point } from './diagram-layout';
import type { PlacedProblem } from './diagram-problems';
import type { EdgeShape } from './edge-geometry';
import { labelLines, labelSize } from './label-placement';

export interface DiagramEdgeProps {
  transition: StackTransition;
  shape: EdgeShape;
  /** Where the label sits (see placeLabels): on the line, clear of states and other labels where it can be. */
  labelAt: Point;
  selected: boolean;
  editable: boolean;
  /** The transition leaves the current state: one of the ways on from here. */
  available: boolean;
  problems: readonly PlacedProblem[] | undefined;
  onSelect(): void;
  /** Lines are drawn under the states, labels over them, so a label between close states stays readable. */
  part: 'line' | 'label';
}

/** A transition: an arrow labelled with its trigger, and the workflow it runs on a second line. */
export function DiagramEdge({ transition, shape, labelAt, selected, editable, available, problems, onSelect, part }: DiagramEdgeProps) {
  const problemText = (problems ?? []).map((problem) => problem.message).join('\n');
  const { first, second } = labelLines(transition);
  const { width, height } = labelSize(transition);
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
      // The name starts with the label's own text, so speech and voice control match what is shown.
      aria-label={editable ? `${first}${second ? ` ${second}` : ''}: ${description}` : undefined}
      onPointerDown={select}
      onKeyDown={(event) => {
        if (editable && (event.key === 'Enter' || event.key === ' ')) {
          event.preventDefault();
          onSelect();
        }
      }}
    >
      <title>{problemText ? `${description}\nProblem: ${problemText}` : description}</title>
      <g transform={`translate(${labelAt.x} ${labelAt.y})`}>
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
