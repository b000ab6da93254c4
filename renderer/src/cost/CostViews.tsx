import type { CostEstimate } from '../../../engine/api/contract';
import { describeError } from '../toasts/describe-error';
import { formatMoney, nodeCostText, pricingNote } from './cost-format';
import type { TopologyCost } from './use-topology-cost';

/** The topology's monthly total with the pricing snapshot's date and the currency; says what is not priced. */
export function TopologyCostTotal({ cost, testId = 'topology-cost' }: { cost: TopologyCost; testId?: string }) {
  const { estimate } = cost;
  if (!estimate) {
    return (
      <div className="cost-total muted" data-testid={testId} data-state={cost.error ? 'error' : 'loading'} role="status">
        {cost.error ? `Cost estimate unavailable: ${describeError(cost.error).message}` : 'Estimating the monthly cost…'}
      </div>
    );
  }
  return (
    <div className="cost-total" data-testid={testId} data-state="ready" role="status" title={`Priced from the ${pricingNote(estimate)}`}>
      <strong data-testid={`${testId}-amount`}>{formatMoney(estimate.monthlyTotal, estimate.currency)}/month</strong>{' '}
      <span className="muted" data-testid={`${testId}-note`}>
        estimated, {pricingNote(estimate)}
        {estimate.unpricedCount > 0 && ` · ${estimate.unpricedCount} not priced`}
      </span>
    </div>
  );
}

/** One node's monthly cost and its cost components, for the inspector. */
export function NodeCostFacts({ estimate, nodeId }: { estimate: CostEstimate | null; nodeId: string }) {
  const node = estimate?.nodes.find((entry) => entry.nodeId === nodeId);
  if (!estimate || !node) return null;
  return (
    <div className="entity-card__block" data-testid="node-cost">
      <h4 className="entity-card__label">Monthly cost</h4>
      <p className="card__text">
        <strong data-testid="node-cost-amount">{nodeCostText(node, estimate.currency)}</strong>{' '}
        <span className="muted">
          ({node.source}; {pricingNote(estimate)})
        </span>
      </p>
      {node.lines.length > 0 && (
        <ul className="cost-lines">
          {node.lines.map((line) => (
            <li key={line.name}>
              {line.name}: {line.monthlyQuantity} {line.unit} × {line.unitPrice} = {formatMoney(line.monthlyCost, estimate.currency)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Every node's monthly cost in a table, with the total: the plan view and the deployments roll-up. */
export function CostTable({ estimate, testId }: { estimate: CostEstimate; testId: string }) {
  return (
    <section className="cost-table" data-testid={testId} aria-label="Monthly cost">
      <h3 className="plan-panel__section-title">
        Monthly cost: <span data-testid={`${testId}-total`}>{formatMoney(estimate.monthlyTotal, estimate.currency)}</span>
      </h3>
      <p className="muted">
        Estimated from the {pricingNote(estimate)}; amounts in {estimate.currency} per month.
      </p>
      {estimate.nodes.length === 0 ? (
        <p className="muted">Nothing to price.</p>
      ) : (
        <table className="data-table data-table--auto">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Component</th>
              <th scope="col">Monthly</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {estimate.nodes.map((node) => (
              <tr key={node.nodeId + node.label} data-testid={`${testId}-row`} data-node={node.nodeId}>
                <td>{node.label}</td>
                <td className="mono">{node.component}</td>
                <td>{node.monthlyCost === null ? 'not priced' : formatMoney(node.monthlyCost, estimate.currency)}</td>
                <td>{node.reason ?? node.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
