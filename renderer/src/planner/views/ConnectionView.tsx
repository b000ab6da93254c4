import { Presets } from 'rete-react-plugin';
import type { PlannerConnection } from '../planner-connection';

/**
 * The wire being dragged (a "pseudo" connection of the connection plugin), drawn dashed. Wires on the
 * canvas are drawn by plain-wires.ts, which marks them filled so they never reach this view; should
 * one get here, it is drawn as they are: red with the reason as tooltip when it has a problem.
 */
export function ConnectionView({ data }: { data: PlannerConnection }) {
  const { path } = Presets.classic.useConnection();
  if (!path) return null;
  const draft = Reflect.get(data, 'isPseudo') === true;
  const problem = draft ? null : data.problem;
  const classes = ['planner-wire', draft && 'planner-wire--draft', problem && 'planner-wire--problem'].filter(Boolean).join(' ');
  return (
    <svg
      className={classes}
      data-testid={draft ? 'planner-wire-draft' : 'planner-wire'}
      data-wire-id={data.id}
      data-problem={problem ?? undefined}
    >
      <path d={path}>{problem && <title>{problem}</title>}</path>
    </svg>
  );
}
