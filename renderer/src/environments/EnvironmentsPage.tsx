import { EmptyState } from '../ui/EmptyState';

export function EnvironmentsPage({ active }: { active: boolean }) {
  return (
    <div className="page" hidden={!active} data-testid="environments-page">
      <EmptyState icon="environments" title="No environments yet">
        Environments are where a topology runs — for example development, staging and production — each with its own settings and secrets.
      </EmptyState>
    </div>
  );
}
