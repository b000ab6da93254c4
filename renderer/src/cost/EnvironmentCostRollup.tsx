import { useCallback } from 'react';
import type { Environment } from '../api/entities';
import { useApi } from '../api/ApiProvider';
import { useApiResource } from '../api/use-api-resource';
import { formatMoney, pricingNote } from './cost-format';

/**
 * The monthly cost of what is deployed, per environment: each deployed component priced from the
 * parameters it was deployed with. One estimate per environment, read again with the page.
 */
export function EnvironmentCostRollup({ environments, refreshKey }: { environments: readonly Environment[]; refreshKey: string }) {
  const api = useApi();
  const names = environments.map((environment) => environment.name).join('\n');
  const load = useCallback(
    () =>
      Promise.all(
        names
          .split('\n')
          .filter(Boolean)
          .map((environment) => api.estimateEnvironmentCost({ environment })),
      ),
    [api, names],
  );
  const estimates = useApiResource(names ? load : null, null, refreshKey);
  if (!names) return null;
  return (
    <section className="page-section" aria-labelledby="environment-cost-title" data-testid="environment-costs">
      <header className="section-header">
        <h2 id="environment-cost-title" className="section-header__title">
          Monthly cost per environment
        </h2>
      </header>
      {estimates.value === null ? (
        <p className="muted">{estimates.error ? 'Could not estimate the cost of the environments.' : 'Estimating…'}</p>
      ) : (
        <table className="data-table data-table--auto">
          <thead>
            <tr>
              <th scope="col">Environment</th>
              <th scope="col">Deployed components</th>
              <th scope="col">Monthly</th>
              <th scope="col">Not priced</th>
              <th scope="col">Pricing</th>
            </tr>
          </thead>
          <tbody>
            {estimates.value.map((estimate) => (
              <tr key={estimate.environment} data-testid="environment-cost-row" data-environment={estimate.environment ?? ''}>
                <td>{estimate.environment}</td>
                <td>{estimate.nodes.length}</td>
                <td data-testid="environment-cost-total">{formatMoney(estimate.monthlyTotal, estimate.currency)}</td>
                <td
                  title={estimate.nodes.flatMap((node) => (node.reason ? [`${node.label}: ${node.reason}`] : [])).join('\n') || undefined}
                >
                  {estimate.unpricedCount}
                </td>
                <td className="muted">{pricingNote(estimate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
