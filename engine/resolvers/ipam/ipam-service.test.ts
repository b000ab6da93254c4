import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/store.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { IpamService } from './ipam-service.js';

let temp: ReturnType<typeof tempDir>;
let store: Store;
let ipam: IpamService;
beforeEach(() => {
  temp = tempDir();
  store = openStore(temp.dir);
  ipam = new IpamService(store.async);
});
afterEach(() => {
  store.close();
  temp.remove();
});

/** Runs `step` `count` times one after another, collecting the results. */
async function inTurn<T>(count: number, step: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < count; i += 1) results.push(await step());
  return results;
}

describe('IPv4 addresses', () => {
  it('skips network, gateway and broadcast, and never hands out one address twice', async () => {
    await ipam.createPool({ name: 'lan', cidr: '192.168.10.0/29' });
    expect((await ipam.getPool({ pool: 'lan' })).gateway).toBe('192.168.10.1');
    const values = await inTurn(5, async () => (await ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'vm')).value);
    expect(values).toEqual(['192.168.10.2', '192.168.10.3', '192.168.10.4', '192.168.10.5', '192.168.10.6']);
    await expect(ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'vm')).rejects.toThrow(
      'Pool lan (192.168.10.0/29) has no free address left',
    );
  });

  it('reuses a released address and refuses a reserved or taken one', async () => {
    await ipam.createPool({ name: 'lan', cidr: '10.0.0.0/24' });
    const first = await ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'a');
    await ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'b');
    await ipam.release({ id: first.id });
    expect((await ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'c')).value).toBe(first.value);
    expect((await ipam.reserve({ pool: 'lan' }, '10.0.0.50', 'fixed')).value).toBe('10.0.0.50');
    await expect(ipam.reserve({ pool: 'lan' }, '10.0.0.50', 'again')).rejects.toThrow(/overlaps an existing allocation/);
    await expect(ipam.reserve({ pool: 'lan' }, '10.0.0.1', 'x')).rejects.toThrow(/is the gateway/);
    await expect(ipam.reserve({ pool: 'lan' }, '10.0.1.5', 'x')).rejects.toThrow(/not inside pool lan/);
  });

  it('never hands out network, broadcast or gateway addresses, not even when asked for one by hand', async () => {
    await ipam.createPool({ name: 'lan', cidr: '10.30.0.0/24' });
    const refused = async (value: string, role: string) => {
      await expect(ipam.reserve({ pool: 'lan' }, value, 'by-hand')).rejects.toThrow(
        `${value} is the ${role} of pool lan (10.30.0.0/24); it is never handed out`,
      );
      try {
        await ipam.reserve({ pool: 'lan' }, value, 'by-hand');
      } catch (error) {
        expect(error).toMatchObject({ code: 'ipam_reserved', details: { role } });
      }
    };
    await refused('10.30.0.255', 'broadcast address');
    await refused('10.30.0.0', 'network address');
    await refused('10.30.0.1', 'gateway');
    expect(await ipam.listAllocations({ pool: 'lan' })).toEqual([]);
    expect((await ipam.reserve({ pool: 'lan' }, '10.30.0.254', 'by-hand')).value).toBe('10.30.0.254');
    // A /31 (point-to-point) and a /32 have no network or broadcast address: both ends are hosts.
    await ipam.createPool({ name: 'link', cidr: '10.31.0.0/31' });
    expect((await ipam.reserve({ pool: 'link' }, '10.31.0.0', 'a')).value).toBe('10.31.0.0');
    expect((await ipam.reserve({ pool: 'link' }, '10.31.0.1', 'b')).value).toBe('10.31.0.1');
    // IPv6: the subnet-router anycast address (the first) is not a host.
    await ipam.createPool({ name: 'v6', cidr: 'fd00:30::/64' });
    await expect(ipam.reserve({ pool: 'v6' }, 'fd00:30::', 'x')).rejects.toThrow(/is the network address of pool v6/);
    await expect(ipam.reserve({ pool: 'v6' }, 'fd00:30::1', 'x')).rejects.toThrow(/is the gateway of pool v6/);
  });

  it('refuses a pool gateway that is the network or broadcast address', async () => {
    await expect(ipam.createPool({ name: 'a', cidr: '10.40.0.0/24', gateway: '10.40.0.0' })).rejects.toThrow(
      'The gateway 10.40.0.0 is the network address of 10.40.0.0/24; choose a host address such as 10.40.0.1',
    );
    await expect(ipam.createPool({ name: 'a', cidr: '10.40.0.0/24', gateway: '10.40.0.255' })).rejects.toThrow(
      /is the broadcast address of 10\.40\.0\.0\/24/,
    );
    await expect(ipam.createPool({ name: 'a', cidr: 'fd00:40::/64', gateway: 'fd00:40::' })).rejects.toThrow(/is the network address/);
    expect(await ipam.listPools()).toEqual([]);
    expect((await ipam.createPool({ name: 'a', cidr: '10.40.0.0/24', gateway: '10.40.0.254' })).gateway).toBe('10.40.0.254');
  });

  it('releases everything an owner holds', async () => {
    await ipam.createPool({ name: 'lan', cidr: '10.0.0.0/24' });
    await ipam.allocateMany({ pool: 'lan' }, { kind: 'address' }, 'deployment-1', 3);
    await ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'deployment-2');
    expect(await ipam.releaseOwner('deployment-1')).toHaveLength(3);
    expect((await ipam.listAllocations({ pool: 'lan' })).map((a) => a.owner)).toEqual(['deployment-2']);
  });
});

describe('subnets and nested pools', () => {
  it('allocates aligned subnets around existing ones', async () => {
    await ipam.createPool({ name: 'dc', cidr: '10.0.0.0/16' });
    await ipam.reserve({ pool: 'dc' }, '10.0.1.0/24', 'legacy');
    const subnets = await inTurn(3, async () => (await ipam.allocate({ pool: 'dc' }, { kind: 'subnet', prefix: 24 }, 'net')).value);
    expect(subnets).toEqual(['10.0.0.0/24', '10.0.2.0/24', '10.0.3.0/24']);
    expect((await ipam.allocate({ pool: 'dc' }, { kind: 'subnet', prefix: 22 }, 'big')).value).toBe('10.0.4.0/22');
  });

  it('carves child pools out of the parent and keeps them apart', async () => {
    await ipam.createPool({ name: 'dc', cidr: '10.0.0.0/16' });
    await ipam.createPool({ name: 'web', cidr: '10.0.0.0/24', parent: 'dc' });
    expect((await ipam.allocate({ pool: 'dc' }, { kind: 'subnet', prefix: 24 }, 'x')).value).toBe('10.0.1.0/24');
    await expect(ipam.createPool({ name: 'web2', cidr: '10.0.0.128/25', parent: 'dc' })).rejects.toThrow(
      /overlaps 10\.0\.0\.0\/24 \(child pool/,
    );
    await expect(ipam.createPool({ name: 'outside', cidr: '10.1.0.0/24', parent: 'dc' })).rejects.toThrow(
      /not a proper part of the parent pool dc/,
    );
    expect((await ipam.allocate({ pool: 'web' }, { kind: 'address' }, 'vm')).value).toBe('10.0.0.2');
    const dc = await ipam.getPool({ pool: 'dc' });
    expect(dc.used).toBe(String(256 + 256));
    expect(dc.utilisation).toBeCloseTo(512 / 65536, 6);
  });

  it('refuses overlapping top-level pools, duplicate names and impossible prefixes', async () => {
    await ipam.createPool({ name: 'a', cidr: '10.0.0.0/16' });
    await expect(ipam.createPool({ name: 'b', cidr: '10.0.128.0/17' })).rejects.toThrow(
      '10.0.128.0/17 overlaps the pool a (10.0.0.0/16) in scope global',
    );
    await expect(ipam.createPool({ name: 'a', cidr: '172.16.0.0/12' })).rejects.toThrow(/already exists/);
    await ipam.createPool({ name: 'other-zone', cidr: '10.0.0.0/16', scope: 'zone-b' });
    await expect(ipam.allocate({ pool: 'a' }, { kind: 'subnet', prefix: 8 }, 'x')).rejects.toThrow(/prefix length must be from 16 to 32/);
    await expect(ipam.allocate({ pool: 'a' }, { kind: 'subnet', prefix: 33 }, 'x')).rejects.toThrow(/prefix length must be from 16 to 32/);
    await expect(ipam.createPool({ name: 'bad', cidr: '10.0.0.0/40' })).rejects.toThrow(/not a valid CIDR/);
  });

  it('rolls back a batch that does not fit, leaving the pool as it was', async () => {
    await ipam.createPool({ name: 'tiny', cidr: '10.9.0.0/29' });
    await expect(ipam.allocateMany({ pool: 'tiny' }, { kind: 'address' }, 'x', 6)).rejects.toThrow('(5 of 6 found)');
    expect(await ipam.listAllocations({ pool: 'tiny' })).toEqual([]);
    expect(await ipam.allocateMany({ pool: 'tiny' }, { kind: 'address' }, 'x', 5)).toHaveLength(5);
  });
});

describe('network scopes', () => {
  const scopeOf = (cidr: string, owner = 'deployment:net') =>
    ipam.networkScope({ cidr, owner, name: 'dev/net-1', within: { pool: 'lab' } });

  it("turns a network's subnet into the scope its members draw addresses and the gateway from", async () => {
    await ipam.createPool({ name: 'lab', cidr: '10.20.0.0/16' });
    await ipam.reserve({ pool: 'lab' }, '10.20.0.2', 'by-hand');
    const subnet = (await ipam.allocate({ pool: 'lab' }, { kind: 'subnet', prefix: 24 }, 'deployment:net')).value;
    expect(subnet).toBe('10.20.1.0/24');
    const scope = await scopeOf(subnet);
    expect(scope).toMatchObject({
      name: 'dev/net-1',
      cidr: '10.20.1.0/24',
      gateway: '10.20.1.1',
      parentId: (await ipam.getPool({ pool: 'lab' })).id,
    });
    // The network's allocation became the child pool (same block, same owner), not a second one.
    expect((await ipam.listAllocations({ pool: 'lab' })).map((a) => [a.value, a.kind, a.owner])).toEqual([
      ['10.20.0.2', 'address', 'by-hand'],
      ['10.20.1.0/24', 'child_pool', 'deployment:net'],
    ]);
    expect((await scopeOf(subnet)).id).toBe(scope.id);
    const members = (await ipam.allocateMany({ pool: scope.id }, { kind: 'address' }, 'deployment:vm', 253)).map((a) => a.value);
    expect(members[0]).toBe('10.20.1.2');
    expect(members.at(-1)).toBe('10.20.1.254');
    expect(members.filter((value) => !value.startsWith('10.20.1.'))).toEqual([]);
    await expect(ipam.allocate({ pool: scope.id }, { kind: 'address' }, 'deployment:vm')).rejects.toThrow(
      'Pool dev/net-1 (10.20.1.0/24) has no free address left',
    );
  });

  it('reserves a subnet typed by hand inside the pool, or uses the pool that already has it; refuses one outside or taken', async () => {
    await ipam.createPool({ name: 'lab', cidr: '10.20.0.0/16' });
    await ipam.createPool({ name: 'dmz', cidr: '10.20.9.0/24', parent: 'lab' });
    const typed = await scopeOf('10.20.7.0/24');
    expect((await ipam.listAllocations({ pool: 'lab' })).find((a) => a.value === '10.20.7.0/24')).toMatchObject({
      kind: 'child_pool',
      owner: 'deployment:net',
    });
    expect(typed.gateway).toBe('10.20.7.1');
    expect((await scopeOf('10.20.9.0/24', 'deployment:other')).name).toBe('dmz');
    await expect(scopeOf('192.168.5.0/24', 'deployment:b')).rejects.toThrow('192.168.5.0/24 is not inside pool lab (10.20.0.0/16)');
    await ipam.reserve({ pool: 'lab' }, '10.20.8.10', 'by-hand');
    await expect(scopeOf('10.20.8.0/24', 'deployment:c')).rejects.toThrow(
      '10.20.8.0/24 overlaps 10.20.8.10 (address, owner by-hand) in pool lab',
    );
    // A scope name already taken gets a suffix.
    expect((await scopeOf('10.20.6.0/24', 'deployment:d')).name).toBe('dev/net-1-2');
  });

  it('goes with its network: the block returns to the pool once members and network are released', async () => {
    await ipam.createPool({ name: 'lab', cidr: '10.20.0.0/16' });
    const subnet = (await ipam.allocate({ pool: 'lab' }, { kind: 'subnet', prefix: 24 }, 'deployment:net')).value;
    const scope = await scopeOf(subnet);
    await ipam.allocate({ pool: scope.id }, { kind: 'address' }, 'deployment:vm');
    // Dependents first: the machine, then the network.
    expect((await ipam.releaseOwner('deployment:vm')).map((a) => a.value)).toEqual(['10.20.0.2']);
    expect((await ipam.releaseOwner('deployment:net')).map((a) => [a.value, a.kind])).toEqual([['10.20.0.0/24', 'child_pool']]);
    expect((await ipam.listPools()).map((p) => p.name)).toEqual(['lab']);
    expect(await ipam.listAllocations({ pool: 'lab' })).toEqual([]);
    expect((await ipam.allocate({ pool: 'lab' }, { kind: 'subnet', prefix: 24 }, 'deployment:next')).value).toBe('10.20.0.0/24');
  });

  it('keeps the block of a released network while a member still holds an address in it, then lets it go with the last one', async () => {
    await ipam.createPool({ name: 'lab', cidr: '10.20.0.0/16' });
    const subnet = (await ipam.allocate({ pool: 'lab' }, { kind: 'subnet', prefix: 24 }, 'deployment:net')).value;
    const scope = await scopeOf(subnet);
    await ipam.allocate({ pool: scope.id }, { kind: 'address' }, 'deployment:vm-1');
    const second = await ipam.allocate({ pool: scope.id }, { kind: 'address' }, 'deployment:vm-2');
    // The network goes first (destroyed on its own): its members' addresses are still in use.
    expect(await ipam.releaseOwner('deployment:net')).toEqual([]);
    expect(await ipam.listAllocations({ pool: 'lab' })).toMatchObject([
      { value: '10.20.0.0/24', kind: 'child_pool', owner: 'retiring:deployment:net' },
    ]);
    // Nothing in it is handed out twice: a new network gets another block, the old scope keeps its addresses.
    expect((await ipam.allocate({ pool: 'lab' }, { kind: 'subnet', prefix: 24 }, 'deployment:net-2')).value).toBe('10.20.1.0/24');
    expect((await ipam.listAllocations({ pool: scope.id })).map((a) => a.value)).toEqual(['10.20.0.2', '10.20.0.3']);
    await ipam.releaseOwner('deployment:vm-1');
    expect((await ipam.listPools()).map((p) => p.name)).toContain('dev/net-1');
    await ipam.release({ id: second.id });
    expect((await ipam.listPools()).map((p) => p.name)).toEqual(['lab']);
    expect((await ipam.listAllocations({ pool: 'lab' })).map((a) => a.value)).toEqual(['10.20.1.0/24']);
  });
});

describe('IPv6', () => {
  it('allocates /64s from a /48 and addresses after the anycast and gateway', async () => {
    await ipam.createPool({ name: 'v6', cidr: 'fd00:10::/48' });
    expect((await ipam.allocate({ pool: 'v6' }, { kind: 'subnet', prefix: 64 }, 'net')).value).toBe('fd00:10::/64');
    expect((await ipam.allocate({ pool: 'v6' }, { kind: 'subnet', prefix: 64 }, 'net')).value).toBe('fd00:10:0:1::/64');
    await ipam.createPool({ name: 'hosts', cidr: 'fd00:20::/120' });
    expect((await ipam.allocate({ pool: 'hosts' }, { kind: 'address' }, 'vm')).value).toBe('fd00:20::2');
  });
});

describe('concurrency', () => {
  const lan = { pool: 'lan' };

  it('gives allocations made at the same moment from one pool distinct blocks', async () => {
    await ipam.createPool({ name: 'lan', cidr: '10.0.0.0/24' });
    // Another service on the same store stands for another caller (an API request, the CLI).
    const other = new IpamService(store.async);
    const taken = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => ipam.allocate(lan, { kind: 'address' }, `a-${i}`)),
      ...Array.from({ length: 20 }, (_, i) => other.allocate(lan, { kind: 'address' }, `b-${i}`)),
      ...Array.from({ length: 10 }, (_, i) =>
        store.async.unitOfWork((tx) => ipam.within(tx).allocate(lan, { kind: 'subnet', prefix: 30 }, `c-${i}`)),
      ),
    ]);
    const stored = await ipam.listAllocations(lan);
    expect(stored).toHaveLength(50);
    expect(new Set(taken.map((allocation) => allocation.value)).size).toBe(50);
    const starts = stored.map((allocation) => allocation.value.split('/')[0]);
    expect(new Set(starts).size).toBe(50);
  });

  it('forgets what a rolled-back unit allocated, even when the pool counts that generation again', async () => {
    await ipam.createPool({ name: 'lan', cidr: '10.0.0.0/24' });
    expect((await ipam.allocate(lan, { kind: 'address' }, 'first')).value).toBe('10.0.0.2');
    await expect(
      store.async.unitOfWork(async (tx) => {
        expect((await ipam.within(tx).allocate(lan, { kind: 'address' }, 'doomed')).value).toBe('10.0.0.3');
        throw new Error('the deploy failed after resolution');
      }),
    ).rejects.toThrow('the deploy failed after resolution');
    expect((await ipam.listAllocations(lan)).map((allocation) => allocation.value)).toEqual(['10.0.0.2']);
    // Another writer (the CLI beside the app) brings the pool to the generation the rolled-back unit had reached.
    await new IpamService(store.async).reserve(lan, '10.0.0.200', 'by-hand');
    expect((await ipam.allocate(lan, { kind: 'address' }, 'next')).value).toBe('10.0.0.3');
  });

  it('rolls a multi-block allocation back whole when its unit fails later', async () => {
    await ipam.createPool({ name: 'lan', cidr: '10.0.0.0/24' });
    await expect(
      store.async.unitOfWork(async (tx) => {
        expect(await ipam.within(tx).allocateMany(lan, { kind: 'address' }, 'doomed', 3)).toHaveLength(3);
        throw new Error('recording the deployment failed');
      }),
    ).rejects.toThrow('recording the deployment failed');
    expect(await ipam.listAllocations(lan)).toEqual([]);
    expect((await ipam.allocateMany(lan, { kind: 'address' }, 'next', 3)).map((allocation) => allocation.value)).toEqual([
      '10.0.0.2',
      '10.0.0.3',
      '10.0.0.4',
    ]);
  });

  const worker = fileURLToPath(new URL('./__fixtures__/allocate-worker.mjs', import.meta.url));
  const built = fileURLToPath(new URL('../../../dist/engine/resolvers/ipam/ipam-service.js', import.meta.url));

  it('two processes allocating from one pool at the same moment never get the same address', { timeout: 60_000 }, async () => {
    expect(existsSync(built), 'the engine must be built first (npm run build)').toBe(true);
    await ipam.createPool({ name: 'shared', cidr: '10.20.0.0/22' });
    store.close();
    const run = promisify(execFile);
    const [a, b] = await Promise.all([
      run(process.execPath, [worker, temp.dir, 'shared', '300', 'process-a']),
      run(process.execPath, [worker, temp.dir, 'shared', '300', 'process-b']),
    ]);
    const values = [...(JSON.parse(a.stdout) as string[]), ...(JSON.parse(b.stdout) as string[])];
    expect(values).toHaveLength(600);
    expect(new Set(values).size).toBe(600);
    store = openStore(temp.dir);
    ipam = new IpamService(store.async);
    expect(await ipam.listAllocations({ pool: 'shared' })).toHaveLength(600);
  });
});
