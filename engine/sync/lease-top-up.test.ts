import { describe, expect, it } from 'vitest';
import type { LeaseView } from './lease-service.js';
import { leaseTopUp, type TopUpComponent, type TopUpEnvironment } from './lease-top-up.js';

const environment: TopUpEnvironment = {
  name: 'staging',
  landingZone: 'zone',
  config: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}', scope: 'environment' } },
};
const vm: TopUpComponent = {
  ref: 'local-vm@1',
  name: 'local-vm',
  provider: 'local',
  semanticType: 'VirtualMachine',
  bindings: { name: { resolver: 'naming' }, ip_address: { resolver: 'ipam', allocate: 'address' } },
};
const dns: TopUpComponent = { ...vm, ref: 'local-dns@1', name: 'local-dns', bindings: { zone: { resolver: 'naming', output: 'domain' } } };
const lease = (addresses: string[], names: string[], more: Partial<LeaseView> = {}): LeaseView => ({
  id: 'lease-1',
  environment: 'staging',
  client: 'laptop',
  actor: null,
  grantedAt: '2026-12-01T00:00:00.000Z',
  expiresAt: '2026-12-04T00:00:00.000Z',
  endedAt: null,
  endedReason: null,
  addresses: [{ pool: 'lab', values: addresses }],
  names: names.map((name) => ({ name, scope: 'env:staging' })),
  ...more,
});
const sizes = { addresses: 16, namesPerComponent: 8 };

describe('topping up the leases a desktop plans offline with', () => {
  it('asks for addresses and names when there is no lease, and for nothing a domain binding needs', () => {
    expect(leaseTopUp(environment, [vm, dns], [], sizes)).toEqual({ addresses: 16, names: [{ component: 'local-vm@1', count: 8 }] });
  });

  it('asks for nothing while a live lease holds addresses and names of each component', () => {
    expect(leaseTopUp(environment, [vm], [lease(['10.0.0.1'], ['staging-local-vm-03'])], sizes)).toBeNull();
  });

  it('asks only for what is missing: names of another series, another scope, or a lease that ended do not count', () => {
    expect(leaseTopUp(environment, [vm], [lease(['10.0.0.1'], ['staging-local-net-01', 'staging-local-vm-1'])], sizes)).toEqual({
      addresses: 0,
      names: [{ component: 'local-vm@1', count: 8 }],
    });
    expect(leaseTopUp(environment, [vm], [lease([], ['staging-local-vm-01'])], sizes)).toEqual({ addresses: 16, names: [] });
    expect(
      leaseTopUp(environment, [vm], [lease(['10.0.0.1'], ['staging-local-vm-01'], { endedAt: '2026-12-02T00:00:00.000Z' })], sizes),
    ).toEqual({
      addresses: 16,
      names: [{ component: 'local-vm@1', count: 8 }],
    });
    expect(leaseTopUp(environment, [vm], [lease(['10.0.0.1'], ['staging-local-vm-01'], { environment: 'prod' })], sizes)).not.toBeNull();
  });

  it('asks for no addresses in an environment without a pool', () => {
    const noPool = { ...environment, config: { ...environment.config, ipam: {} } };
    expect(leaseTopUp(noPool, [], [], sizes)).toBeNull();
    expect(leaseTopUp(noPool, [vm], [], sizes)).toEqual({ addresses: 0, names: [{ component: 'local-vm@1', count: 8 }] });
  });
});
