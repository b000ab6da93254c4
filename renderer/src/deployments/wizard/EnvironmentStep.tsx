import type { Environment } from '../../api/entities';
import { SandboxOffer } from '../../environments/sandbox/SandboxOffer';
import { useLocalSandbox } from '../../environments/sandbox/use-local-sandbox';
import { EmptyState } from '../../ui/EmptyState';

export interface EnvironmentStepProps {
  environments: readonly Environment[] | null;
  value: string | null;
  onChange(name: string): void;
  onOpenEnvironments(): void;
  /** The local sandbox was set up from here: its environment's name. */
  onSandboxReady(name: string): void;
}

/** Step 1: where the topology goes. A radio group, so arrow keys move between environments. */
export function EnvironmentStep({ environments, value, onChange, onOpenEnvironments, onSandboxReady }: EnvironmentStepProps) {
  const sandbox = useLocalSandbox((created) => onSandboxReady(created.environment.name));
  if (environments === null) return <div className="page__loading">Loading environments…</div>;
  if (environments.length === 0) {
    return (
      <EmptyState
        icon="environments"
        title="No environment to deploy to"
        testId="deploy-no-environments"
        action={
          <button type="button" className="button button--primary" onClick={onOpenEnvironments} data-testid="deploy-open-environments">
            Go to Environments
          </button>
        }
      >
        <p>
          A deployment goes into an environment of a landing zone, which supplies names, addresses and images. Create a landing zone and an
          environment first.
        </p>
        <SandboxOffer variant="inline" creating={sandbox.creating} onCreate={() => void sandbox.create()} testId="deploy-sandbox-offer" />
      </EmptyState>
    );
  }
  return (
    <fieldset className="choice-list" data-testid="deploy-environments">
      <legend className="choice-list__legend">Environment</legend>
      {environments.map((environment) => (
        <label
          key={environment.id}
          className={`choice${environment.name === value ? ' choice--selected' : ''}`}
          data-testid="deploy-environment-option"
          data-name={environment.name}
        >
          <input
            type="radio"
            name="deploy-environment"
            value={environment.name}
            checked={environment.name === value}
            onChange={() => onChange(environment.name)}
          />
          <span className="choice__text">
            <span className="choice__title">{environment.name}</span>
            <span className="choice__meta">
              Landing zone {environment.landingZone} · {environment.provider}
              {environment.template ? ` · template ${environment.template}` : ''}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
