import { Presets } from 'rete-react-plugin';
import type { PlannerConnection } from '../planner-connection';

/**
 * A wire; the one being dragged (a "pseudo" connection of the connection plugin) is drawn dashed, and a
 * wire with a problem (the engine's plan or the socket rule refuses it) red, with the reason as tooltip.
 */
export function ConnectionView({ data }: { data: PlannerConnection }) {
  const { path } = Presets.classic.useConnection();
  if (!path) return null;
  const draft = Reflect.get(data, 'isPseudo') === true;
  const problem = draft ? null : data.problem;
  const classes = ['planner-wire', draft && 'planner-wire--draft', problem && 'planner-wire--problem'].filter(Boolean).join(' ');
  return (
    <svg className={classes} data-testid={draft ? 'planner-wire-draft' : 'planner-wire'} data-wire-id={data.id} data-problem={problem ?? undefined}>
      <path d={path}>{problem && <title>{problem}</title>}</path>
    </svg>
  );
}
