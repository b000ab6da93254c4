import { Presets } from 'rete-react-plugin';
import type { PlannerConnection } from '../planner-connection';

/** A wire; the one being dragged (a "pseudo" connection of the connection plugin) is drawn dashed. */
export function ConnectionView({ data }: { data: PlannerConnection }) {
  const { path } = Presets.classic.useConnection();
  if (!path) return null;
  const draft = Reflect.get(data, 'isPseudo') === true;
  return (
    <svg className={`planner-wire${draft ? ' planner-wire--draft' : ''}`} data-testid={draft ? 'planner-wire-draft' : 'planner-wire'} data-wire-id={data.id}>
      <path d={path} />
    </svg>
  );
}
