import { describe, expect, it } from 'vitest';
import { NimbusError } from '../errors.js';
import type { LeaseView } from './lease-service.js';
import { keepLeases, leaseAsk, type LeaseCalls, type UpkeepComponent, type UpkeepEnvironment } from './lease-upkeep.js';

const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const hours = (n: number) => new Date(NOW + n * 3_600_000).toISOString();

const environment: UpkeepEnvironment = {
  name: 'staging',
  landingZone: 'zone',
  config: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}', scope: 'environment' } },
};
const inEnvironment = (name: string): UpkeepEnvironment => ({ ...environment, name });
const vm: UpkeepComponent = {
  ref: 'local-vm@1',
  name: 'local-vm',
  provider: 'local',
  semanticType: 'VirtualMachine',
  bindings: { name: { resolver: 'naming' }, ip_address: { resolver: 'ipam', allocate: 'address' } },
};
const dns: UpkeepComponent = { ...vm, ref: 'local-dns@1', name: 'local-dns', bindings: { zone: { resolver: 'naming', output: 'domain' } } };

/** A live lease in `environment` holding `addresses` and `names`, running out in `expiresInHours`. */
function lease(addresses: string[], names: string[], more: Partial<LeaseView> = {}, expiresInHours = 48): LeaseView {
  const env = more.environment ?? 'staging';
  return {
    id: `lease-${env}-${expiresInHours}`,
    environment: env,
    client: 'desktop-a',
    actor: 'ann',
    grantedAt: hours(-1),
    expiresAt: hours(expiresInHours),
    endedAt: null,
    endedReason: null,
    addresses: [{ pool: 'lab', values: addresses }],
    names: names.map((name) => ({ name, scope: `env:${env}` })),
    ...more,
  };
}
/** A lease that holds what `local-vm` needs in `env`. */
const full = (env: string, expiresInHours: number) => lease(['10.0.0.1'], [`${env}-local-vm-01`], { environment: env }, expiresInHours);

describe('what a desktop asks a lease for', () => {
  it('asks for a full block where no lease has a day left, for nothing a domain binding needs', () => {
    expect(leaseAsk(environment, [vm, dns], [], NOW)).toEqual({ addresses: 16, names: [{ component: 'local-vm@1', count: 8 }] });
    expect(leaseAsk(environment, [vm], [full('staging', 10)], NOW)).toEqual({
      addresses: 16,
      names: [{ component: 'local-vm@1', count: 8 }],
    });
  });

  it('asks for nothing while a lease with a day left holds addresses and names of each component', () => {
    expect(leaseAsk(environment, [vm], [lease(['10.0.0.1'], ['staging-local-vm-03'])], NOW)).toBeNull();
  });

  it('asks only for what is missing: names of another series, another scope, or a lease that ended do not count', () => {
    expect(leaseAsk(environment, [vm], [lease(['10.0.0.1'], ['staging-local-net-01', 'staging-local-vm-1'])], NOW)).toEqual({
      addresses: 0,
      names: [{ component: 'local-vm@1', count: 8 }],
    });
    expect(leaseAsk(environment, [vm], [lease([], ['staging-local-vm-01'])], NOW)).toEqual({ addresses: 16, names: [] });
    expect(leaseAsk(environment, [vm], [lease(['10.0.0.1'], ['staging-local-vm-01'], { endedAt: hours(-2) })], NOW)).toEqual({
      addresses: 16,
      names: [{ component: 'local-vm@1', count: 8 }],
    });
    expect(leaseAsk(environment, [vm], [lease(['10.0.0.1'], ['staging-local-vm-01'], { environment: 'prod' })], NOW)).not.toBeNull();
  });

  it('asks for no addresses in an environment without a pool', () => {
    const noPool = { ...environment, config: { ...environment.config, ipam: {} } };
    expect(leaseAsk(noPool, [], [], NOW)).toBeNull();
    expect(leaseAsk(noPool, [vm], [], NOW)).toEqual({ addresses: 0, names: [{ component: 'local-vm@1', count: 8 }] });
  });
});

/** A server's lease methods as this unit sees them: a list of leases, and grants that may be refused. */
function server(live: LeaseView[], refuse: (input: { environment: string; addresses: number }) => NimbusError | undefined) {
  const grants: unknown[] = [];
  const calls: LeaseCalls = {
    call: (async (method: string, input: { environment: string; addresses: number }) => {
      if (method === 'listLeases') return live;
      const refusal = refuse(input);
      if (refusal) throw refusal;
      grants.push(input);
      live.push(full(input.environment, 72));
      return live.at(-1);
    }) as LeaseCalls['call'],
  };
  return { calls, grants, live };
}

const base = { clientId: 'desktop-a', permissions: ['sync:lease:manage'], components: [vm], now: NOW };

describe('keeping leases for offline planning', () => {
  it('asks for a lease where none is held or the held one runs out within a day, and leaves fresh ones', async () => {
    const { calls, grants, live } = server([full('dev', 48), full('test', 10)], () => undefined);
    const upkeep = await keepLeases(calls, {
      ...base,
      environments: ['dev', 'test', 'prod'].map(inEnvironment),
      leases: [...live],
    });
    expect(grants).toEqual([
      { environment: 'test', client: 'desktop-a', addresses: 16, names: [{ component: 'local-vm@1', count: 8 }], hours: 72 },
      { environment: 'prod', client: 'desktop-a', addresses: 16, names: [{ component: 'local-vm@1', count: 8 }], hours: 72 },
    ]);
    expect(upkeep).toEqual({ held: 4, environments: 3, note: null });
  });

  it('tops up a fresh lease with only what it lacks, and asks nothing (not even the list) when nothing lacks', async () => {
    const { calls, grants, live } = server([lease(['10.0.0.1'], [], { environment: 'dev' })], () => undefined);
    await keepLeases(calls, { ...base, environments: [inEnvironment('dev')], leases: [...live] });
    expect(grants).toEqual([
      { environment: 'dev', client: 'desktop-a', addresses: 0, names: [{ component: 'local-vm@1', count: 8 }], hours: 72 },
    ]);
    const quiet: LeaseCalls = { call: () => Promise.reject(new Error('no call expected')) };
    expect(await keepLeases(quiet, { ...base, environments: [inEnvironment('dev')], leases: live })).toEqual({
      held: 2,
      environments: 1,
      note: null,
    });
  });

  it('gets what it can in an environment without a pool, and says what it could not', async () => {
    const { calls, grants } = server([], (input) =>
      input.addresses > 0 ? new NimbusError('ipam_no_pool', 'no IPAM pool is configured for environment edge') : undefined,
    );
    const upkeep = await keepLeases(calls, { ...base, environments: [inEnvironment('edge')], leases: [] });
    expect(grants).toEqual([
      { environment: 'edge', client: 'desktop-a', addresses: 0, names: [{ component: 'local-vm@1', count: 8 }], hours: 72 },
    ]);
    expect(upkeep.note).toBeNull();

    const none = server([], () => new NimbusError('ipam_no_pool', 'no IPAM pool is configured for environment edge'));
    expect((await keepLeases(none.calls, { ...base, environments: [inEnvironment('edge')], leases: [] })).note).toMatch(
      /edge: no IPAM pool/,
    );
  });

  it('skips quietly without the permission or when the server refuses, and lets offline end the upkeep', async () => {
    const { calls, grants } = server([], () => undefined);
    expect(await keepLeases(calls, { ...base, permissions: [], environments: [inEnvironment('dev')], leases: [] })).toMatchObject({
      held: 0,
      note: expect.stringMatching(/lacks/),
    });
    expect(grants).toEqual([]);
    const refusing = server([], () => new NimbusError('forbidden', 'You lack the permission sync:lease:manage'));
    expect((await keepLeases(refusing.calls, { ...base, environments: [inEnvironment('dev')], leases: [] })).note).toMatch(/refused/);
    const away = server([], () => new NimbusError('server_unreachable', 'gone'));
    await expect(keepLeases(away.calls, { ...base, environments: [inEnvironment('dev')], leases: [] })).rejects.toMatchObject({
      code: 'server_unreachable',
    });
  });
});
