import type { Repositories } from '../store/ports/repositories.js';
import type { RepositoryScope } from '../store/ports/store-port.js';
import { audit } from '../landing-zones/landing-zone-edits.js';
import { GovernanceService, type GovernancePolicy } from './policy.js';

/**
 * Replaces a tenant's governance policy and writes the audit row (old and new policy) in the same
 * unit of work, so the trail shows who loosened or tightened which rule.
 */
export async function setGovernancePolicyAudited(store: RepositoryScope, tenant: string, raw: unknown): Promise<GovernancePolicy> {
  return store.unitOfWork(async (tx: Repositories) => {
    const governance = new GovernanceService(tx.components);
    const before = await governance.get(tenant);
    const after = await governance.set(tenant, raw);
    await audit(tx, 'governance_policy.set', 'governance_policy', tenant, before, after, new Date().toISOString());
    return after;
  });
}
