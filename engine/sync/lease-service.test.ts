import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deployTestEngine, type DeployTestEngine } from '../deploy/deploy-test-support.js';
import { IpamService } from '../resolvers/ipam/ipam-service.js';
import { LeaseService, type LeaseRequest } from './lease-service.js';

let harness: DeployTestEngine;
let leases: LeaseService;

beforeEach(async () => {
  harness = await deployTestEngine();
  const { engine } = harness;
  leases = new LeaseService(engine.store, (environment, components) => engine.deploy.resolutionInputsFor(environment, components));
});
afterEach(() => harness.dispose());

const request = (client: string, more: Partial<LeaseRequest> = {}): LeaseRequest => ({
  environment: 'dev',
  client,
  addresses: 4,
  names: [{ component: 'local-vm@1', count: 3 }],
  hours: 72,
  ...more,
});

describe('leases for offline planning', () => {
  it('sets aside disjoint addresses and names for two desktops, which the server then never hands out', async () => {
    const a = await leases.grant(request('desk-a'));
    const b = await leases.grant(request('desk-b'));
    const addressesOf = (lease: typeof a) => lease.addresses.flatMap((entry) => entry.values);
    expect(addressesOf(a)).toHaveLength(4);
    expect(a.addresses[0]?.pool).toBe('lab');
    expect(a.names.map((name) => name.name)).toEqual(['dev-local-vm-01', 'dev-local-vm-02', 'dev-local-vm-03']);
    expect(b.names.map((name) => name.name)).toEqual(['dev-local-vm-04', 'dev-local-vm-05', 'dev-local-vm-06']);
    const all = [...addressesOf(a), ...addressesOf(b)];
    expect(new Set(all).size).toBe(8);
    // The server's own allocations go around them.
    const ipam = new IpamService(harness.engine.store);
    const next = await ipam.allocateMany({ pool: 'lab' }, { kind: 'address' }, 'node:server', 20);
    expect(next.map((allocation) => allocation.value).filter((value) => all.includes(value))).toEqual([]);
    expect(a.expiresAt).toBe(new Date(Date.parse(a.grantedAt) + 72 * 3_600_000).toISOString());
    expect((await leases.list({ client: 'desk-a' })).map((lease) => lease.id)).toEqual([a.id]);
  });

  it('confirms each use once, refuses what the lease does not hold, and frees the rest when released', async () => {
    const a = await leases.grant(request('desk-a'));
    const b = await leases.grant(request('desk-b'));
    const [first, second] = a.addresses[0]!.values;
    const uses = [
      { kind: 'address' as const, pool: 'lab', value: first!, owner: 'node:web' },
      { kind: 'name' as const, name: 'dev-local-vm-01', owner: 'node:web' },
    ];
    expect((await leases.confirm(a.id, uses)).map((outcome) => outcome.outcome)).toEqual(['confirmed', 'confirmed']);
    // Sent again (a retried sync): nothing changes.
    expect((await leases.confirm(a.id, uses)).map((outcome) => outcome.outcome)).toEqual(['already_confirmed', 'already_confirmed']);
    // Another desktop cannot claim what a's lease holds, nor a name its own lease does not.
    const stolen = await leases.confirm(b.id, [
      { kind: 'address', pool: 'lab', value: second!, owner: 'node:db' },
      { kind: 'name', name: 'dev-local-vm-02', owner: 'node:db' },
    ]);
    expect(stolen.map((outcome) => [outcome.outcome, outcome.reason])).toEqual([
      ['refused', `${second} is in use by something else now`],
      ['refused', 'dev-local-vm-02 was not set aside by this lease'],
    ]);
    expect(await harness.engine.store.ipam.liveByOwner('node:web')).toEqual([expect.objectContaining({ value: first })]);

    const released = await leases.release(a.id);
    expect(released).toMatchObject({ endedReason: 'released', addresses: [], names: [] });
    // What was confirmed stays its owner's; the rest is free again.
    expect(await harness.engine.store.ipam.liveByOwner('node:web')).toHaveLength(1);
    expect(
      await harness.engine.store.ipam.allocationByValue((await harness.engine.store.ipam.poolByName('global', 'lab'))!.id, second!),
    ).toBeUndefined();
  });

  it('ends expired leases, freeing what they hold, and reserves a used value that is still free', async () => {
    const a = await leases.grant(request('desk-a', { hours: 1 }));
    const value = a.addresses[0]!.values[0]!;
    expect(await leases.expireDue(new Date(Date.now() + 2 * 3_600_000))).toBe(1);
    expect(await leases.get(a.id)).toMatchObject({ endedReason: 'expired', addresses: [], names: [] });
    const late = await leases.confirm(a.id, [
      { kind: 'address', pool: 'lab', value, owner: 'node:late' },
      { kind: 'name', name: 'dev-local-vm-01', owner: 'node:late' },
    ]);
    expect(late.map((outcome) => outcome.outcome)).toEqual(['reserved', 'refused']);
    expect(late[1]!.reason).toBe('the lease expired; the name was given back');
  });

  it('refuses what it cannot do, clearly, and sets nothing aside then', async () => {
    await expect(leases.grant(request('desk-a', { environment: 'nowhere' }))).rejects.toMatchObject({ code: 'not_found' });
    await harness.call('createIpamPool', { name: 'tiny', cidr: '10.99.0.0/29' });
    await expect(leases.grant(request('desk-a', { pools: ['lab', 'tiny'], addresses: 20 }))).rejects.toMatchObject({
      code: 'ipam_exhausted',
    });
    // The addresses it had set aside in the first pool went back with the rest of the unit.
    expect(await harness.engine.store.ipam.usage()).toEqual([]);
    expect(await leases.list({})).toEqual([]);
    const a = await leases.grant(request('desk-a'));
    await expect(leases.confirm(a.id, [{ kind: 'name', name: 'x', owner: `lease:${a.id}` }])).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(leases.confirm('missing', [{ kind: 'name', name: 'x', owner: 'node:x' }])).rejects.toMatchObject({ code: 'not_found' });
    await expect(leases.release('missing')).rejects.toMatchObject({ code: 'not_found' });
  });
});
