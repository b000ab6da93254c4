import type { PlannerPlan } from './overlay/use-planner-plan';

/**
 * The environment the canvas is planned against, in the toolbar: the node badges, the inspector's
 * resolved values and the plan panel all follow it.
 */
export function EnvironmentPicker({ plan }: { plan: PlannerPlan }) {
  const environments = plan.environments ?? [];
  return (
    <label className="toolbar__field planner-environment" title="Environment the canvas is planned against">
      <span className="planner-environment__label">Environment</span>
      <select
        className="input select input--compact"
        value={plan.environment ?? ''}
        disabled={environments.length === 0}
        onChange={(event) => plan.chooseEnvironment(event.target.value)}
        aria-label="Environment to plan against"
        data-testid="plan-environment"
      >
        {environments.length === 0 && <option value="">{plan.environments === null ? 'Loading…' : 'No environment'}</option>}
        {environments.map((entry) => (
          <option key={entry.id} value={entry.name}>
            {entry.name} — {entry.landingZone} ({entry.provider})
          </option>
        ))}
      </select>
    </label>
  );
}
