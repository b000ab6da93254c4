import { EmptyState } from '../ui/EmptyState';

export interface StacksPageProps {
  active: boolean;
  /** The stack named in the address, open in the editor. */
  routeId: string | undefined;
  onRouteChange(name: string, options?: { replace?: boolean }): void;
}

/** Stack definitions: slots and wiring, parameters, the state machine, lifecycle and day-2 operations. */
export function StacksPage({ active }: StacksPageProps) {
  return (
    <section className="page" hidden={!active} data-testid="stacks-page">
      <EmptyState icon="stacks" title="Stacks">
        Stack definitions are created and published with <code>nimbus stack publish</code>.
      </EmptyState>
    </section>
  );
}
