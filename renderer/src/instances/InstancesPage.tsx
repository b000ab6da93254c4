import { EmptyState } from '../ui/EmptyState';

export interface InstancesPageProps {
  active: boolean;
  /** The instance named in the address, whose page is open. */
  routeId: string | undefined;
  onOpen(id: string | null): void;
}

/** Stack instances: their state on the machine's diagram, history, day-2 operations and events. */
export function InstancesPage({ active }: InstancesPageProps) {
  return (
    <section className="page" hidden={!active} data-testid="instances-page">
      <EmptyState icon="instances" title="Stack instances">
        Stack instances are deployed with <code>nimbus stack deploy</code>.
      </EmptyState>
    </section>
  );
}
