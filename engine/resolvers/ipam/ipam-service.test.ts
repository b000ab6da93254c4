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
  ipam = new IpamService(store.ipam);
});
afterEach(() => {
  store.close();
  temp.remove();
});

describe('IPv4 addresses', () => {
  it('skips network, gateway and broadcast, and never hands out one address twice', () => {
    ipam.createPool({ name: 'lan', cidr: '192.168.10.0/29' });
    expect(ipam.getPool({ pool: 'lan' }).gateway).toBe('192.168.10.1');
    const values = [1, 2, 3, 4, 5].map(() => ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'vm').value);
    expect(values).toEqual(['192.168.10.2', '192.168.10.3', '192.168.10.4', '192.168.10.5', '192.168.10.6']);
    expect(() => ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'vm')).toThrow('Pool lan (192.168.10.0/29) has no free address left');
  });

  it('reuses a released address and refuses a reserved or taken one', () => {
    ipam.createPool({ name: 'lan', cidr: '10.0.0.0/24' });
    const first = ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'a');
    ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'b');
    ipam.release({ id: first.id });
    expect(ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'c').value).toBe(first.value);
    expect(ipam.reserve({ pool: 'lan' }, '10.0.0.50', 'fixed').value).toBe('10.0.0.50');
    expect(() => ipam.reserve({ pool: 'lan' }, '10.0.0.50', 'again')).toThrow(/overlaps an existing allocation/);
    expect(() => ipam.reserve({ pool: 'lan' }, '10.0.0.1', 'x')).toThrow(/is the gateway/);
    expect(() => ipam.reserve({ pool: 'lan' }, '10.0.1.5', 'x')).toThrow(/not inside pool lan/);
  });

  it('never hands out network, broadcast or gateway addresses, not even when asked for one by hand', () => {
    ipam.createPool({ name: 'lan', cidr: '10.30.0.0/24' });
    const refused = (value: string, role: string) => {
      expect(() => ipam.reserve({ pool: 'lan' }, value, 'by-hand')).toThrow(
        `${value} is the ${role} of pool lan (10.30.0.0/24); it is never handed out`,
      );
      try {
        ipam.reserve({ pool: 'lan' }, value, 'by-hand');
      } catch (error) {
        expect(error).toMatchObject({ code: 'ipam_reserved', details: { role } });
      }
    };
    refused('10.30.0.255', 'broadcast address');
    refused('10.30.0.0', 'network address');
    refused('10.30.0.1', 'gateway');
    expect(ipam.listAllocations({ pool: 'lan' })).toEqual([]);
    expect(ipam.reserve({ pool: 'lan' }, '10.30.0.254', 'by-hand').value).toBe('10.30.0.254');
    // A /31 (point-to-point) and a /32 have no network or broadcast address: both ends are hosts.
    ipam.createPool({ name: 'link', cidr: '10.31.0.0/31' });
    expect(ipam.reserve({ pool: 'link' }, '10.31.0.0', 'a').value).toBe('10.31.0.0');
    expect(ipam.reserve({ pool: 'link' }, '10.31.0.1', 'b').value).toBe('10.31.0.1');
    // IPv6: the subnet-router anycast address (the first) is not a host.
    ipam.createPool({ name: 'v6', cidr: 'fd00:30::/64' });
    expect(() => ipam.reserve({ pool: 'v6' }, 'fd00:30::', 'x')).toThrow(/is the network address of pool v6/);
    expect(() => ipam.reserve({ pool: 'v6' }, 'fd00:30::1', 'x')).toThrow(/is the gateway of pool v6/);
  });

  it('refuses a pool gateway that is the network or broadcast address', () => {
    expect(() => ipam.createPool({ name: 'a', cidr: '10.40.0.0/24', gateway: '10.40.0.0' })).toThrow(
      'The gateway 10.40.0.0 is the network address of 10.40.0.0/24; choose a host address such as 10.40.0.1',
    );
    expect(() => ipam.createPool({ name: 'a', cidr: '10.40.0.0/24', gateway: '10.40.0.255' })).toThrow(
      /is the broadcast address of 10\.40\.0\.0\/24/,
    );
    expect(() => ipam.createPool({ name: 'a', cidr: 'fd00:40::/64', gateway: 'fd00:40::' })).toThrow(/is the network address/);
    expect(ipam.listPools()).toEqual([]);
    expect(ipam.createPool({ name: 'a', cidr: '10.40.0.0/24', gateway: '10.40.0.254' }).gateway).toBe('10.40.0.254');
  });

  it('releases everything an owner holds', () => {
    ipam.createPool({ name: 'lan', cidr: '10.0.0.0/24' });
    ipam.allocateMany({ pool: 'lan' }, { kind: 'address' }, 'deployment-1', 3);
    ipam.allocate({ pool: 'lan' }, { kind: 'address' }, 'deployment-2');
    expect(ipam.releaseOwner('deployment-1')).toHaveLength(3);
    expect(ipam.listAllocations({ pool: 'lan' }).map((a) => a.owner)).toEqual(['deployment-2']);
  });
});

describe('subnets and nested pools', () => {
  it('allocates aligned subnets around existing ones', () => {
    ipam.createPool({ name: 'dc', cidr: '10.0.0.0/16' });
    ipam.reserve({ pool: 'dc' }, '10.0.1.0/24', 'legacy');
    const subnets = [1, 2, 3].map(() => ipam.allocate({ pool: 'dc' }, { kind: 'subnet', prefix: 24 }, 'net').value);
    expect(subnets).toEqual(['10.0.0.0/24', '10.0.2.0/24', '10.0.3.0/24']);
    expect(ipam.allocate({ pool: 'dc' }, { kind: 'subnet', prefix: 22 }, 'big').value).toBe('10.0.4.0/22');
  });

  it('carves child pools out of the parent and keeps them apart', () => {
    ipam.createPool({ name: 'dc', cidr: '10.0.0.0/16' });
    ipam.createPool({ name: 'web', cidr: '10.0.0.0/24', parent: 'dc' });
    expect(ipam.allocate({ pool: 'dc' }, { kind: 'subnet', prefix: 24 }, 'x').value).toBe('10.0.1.0/24');
    expect(() => ipam.createPool({ name: 'web2', cidr: '10.0.0.128/25', parent: 'dc' })).toThrow(/overlaps 10\.0\.0\.0\/24 \(child pool/);
    expect(() => ipam.createPool({ name: 'outside', cidr: '10.1.0.0/24', parent: 'dc' })).toThrow(
      /not a proper part of the parent pool dc/,
    );
    expect(ipam.allocate({ pool: 'web' }, { kind: 'address' }, 'vm').value).toBe('10.0.0.2');
    const dc = ipam.getPool({ pool: 'dc' });
    expect(dc.used).toBe(String(256 + 256));
    expect(dc.utilisation).toBeCloseTo(512 / 65536, 6);
  });

  it('refuses overlapping top-level pools, duplicate names and impossible prefixes', () => {
    ipam.createPool({ name: 'a', cidr: '10.0.0.0/16' });
    expect(() => ipam.createPool({ name: 'b', cidr: '10.0.128.0/17' })).toThrow(
      '10.0.128.0/17 overlaps the pool a (10.0.0.0/16) in scope global',
    );
    expect(() => ipam.createPool({ name: 'a', cidr: '172.16.0.0/12' })).toThrow(/already exists/);
    ipam.createPool({ name: 'other-zone', cidr: '10.0.0.0/16', scope: 'zone-b' });
    expect(() => ipam.allocate({ pool: 'a' }, { kind: 'subnet', prefix: 8 }, 'x')).toThrow(/prefix length must be from 16 to 32/);
    expect(() => ipam.allocate({ pool: 'a' }, { kind: 'subnet', prefix: 33 }, 'x')).toThrow(/prefix length must be from 16 to 32/);
    expect(() => ipam.createPool({ name: 'bad', cidr: '10.0.0.0/40' })).toThrow(/not a valid CIDR/);
  });

  it('rolls back a batch that does not fit, leaving the pool as it was', () => {
    ipam.createPool({ name: 'tiny', cidr: '10.9.0.0/29' });
    expect(() => ipam.allocateMany({ pool: 'tiny' }, { kind: 'address' }, 'x', 6)).toThrow('(5 of 6 found)');
    expect(ipam.listAllocations({ pool: 'tiny' })).toEqual([]);
    expect(ipam.allocateMany({ pool: 'tiny' }, { kind: 'address' }, 'x', 5)).toHaveLength(5);
  });
});

describe('network scopes', () => {
  const scopeOf = (cidr: string, owner = 'deployment:net') =>
    ipam.networkScope({ cidr, owner, name: 'dev/net-1', within: { pool: 'lab' } });

  it("turns a network's subnet into the scope its members draw addresses and the gateway from", () => {
    ipam.createPool({ name: 'lab', cidr: '10.20.0.0/16' });
    ipam.reserve({ pool: 'lab' }, '10.20.0.2', 'by-hand');
    const subnet = ipam.allocate({ pool: 'lab' }, { kind: 'subnet', prefix: 24 }, 'deployment:net').value;
    expect(subnet).toBe('10.20.1.0/24');
    const scope = scopeOf(subnet);
    expect(scope).toMatchObject({
      name: 'dev/net-1',
      cidr: '10.20.1.0/24',
      gateway: '10.20.1.1',
      parentId: ipam.getPool({ pool: 'lab' }).id,
    });
    // The network's allocation became the child pool (same block, same owner), not a second one.
    expect(ipam.listAllocations({ pool: 'lab' }).map((a) => [a.value, a.kind, a.owner])).toEqual([
      ['10.20.0.2', 'address', 'by-hand'],
      ['10.20.1.0/24', 'child_pool', 'deployment:net'],
    ]);
    expect(scopeOf(subnet).id).toBe(scope.id);
    const members = ipam.allocateMany({ pool: scope.id }, { kind: 'address' }, 'deployment:vm', 253).map((a) => a.value);
    expect(members[0]).toBe('10.20.1.2');
    expect(members.at(-1)).toBe('10.20.1.254');
    expect(members.filter((value) => !value.startsWith('10.20.1.'))).toEqual([]);
    expect(() => ipam.allocate({ pool: scope.id }, { kind: 'address' }, 'deployment:vm')).toThrow(
      'Pool dev/net-1 (10.20.1.0/24) has no free address left',
    );
  });

  it('reserves a subnet typed by hand inside the pool, or uses the pool that already has it; refuses one outside or taken', () => {
    ipam.createPool({ name: 'lab', cidr: '10.20.0.0/16' });
    ipam.createPool({ name: 'dmz', cidr: '10.20.9.0/24', parent: 'lab' });
    const typed = scopeOf('10.20.7.0/24');
    expect(ipam.listAllocations({ pool: 'lab' }).find((a) => a.value === '10.20.7.0/24')).toMatchObject({
      kind: 'child_pool',
      owner: 'deployment:net',
    });
    expect(typed.gateway).toBe('10.20.7.1');
    expect(scopeOf('10.20.9.0/24', 'deployment:other').name).toBe('dmz');
    expect(() => scopeOf('192.168.5.0/24', 'deployment:b')).toThrow('192.168.5.0/24 is not inside pool lab (10.20.0.0/16)');
    ipam.reserve({ pool: 'lab' }, '10.20.8.10', 'by-hand');
    expect(() => scopeOf('10.20.8.0/24', 'deployment:c')).toThrow('10.20.8.0/24 overlaps 10.20.8.10 (address, owner by-hand) in pool lab');
    // A scope name already taken gets a suffix.
    expect(scopeOf('10.20.6.0/24', 'deployment:d').name).toBe('dev/net-1-2');
  });

  it('goes with its network: the block returns to the pool once members and network are released', () => {
    ipam.createPool({ name: 'lab', cidr: '10.20.0.0/16' });
    const subnet = ipam.allocate({ pool: 'lab' }, { kind: 'subnet', prefix: 24 }, 'deployment:net').value;
    const scope = scopeOf(subnet);
    ipam.allocate({ pool: scope.id }, { kind: 'address' }, 'deployment:vm');
    // Dependents first: the machine, then the network.
    expect(ipam.releaseOwner('deployment:vm').map((a) => a.value)).toEqual(['10.20.0.2']);
    expect(ipam.releaseOwner('deployment:net').map((a) => [a.value, a.kind])).toEqual([['10.20.0.0/24', 'child_pool']]);
    expect(ipam.listPools().map((p) => p.name)).toEqual(['lab']);
    expect(ipam.listAllocations({ pool: 'lab' })).toEqual([]);
    expect(ipam.allocate({ pool: 'lab' }, { kind: 'subnet', prefix: 24 }, 'deployment:next').value).toBe('10.20.0.0/24');
  });

  it('keeps the block of a released network while a member still holds an address in it, then lets it go with the last one', () => {
    ipam.createPool({ name: 'lab', cidr: '10.20.0.0/16' });
    const subnet = ipam.allocate({ pool: 'lab' }, { kind: 'subnet', prefix: 24 }, 'deployment:net').value;
    const scope = scopeOf(subnet);
    ipam.allocate({ pool: scope.id }, { kind: 'address' }, 'deployment:vm-1');
    const second = ipam.allocate({ pool: scope.id }, { kind: 'address' }, 'deployment:vm-2');
    // The network goes first (destroyed on its own): its members' addresses are still in use.
    expect(ipam.releaseOwner('deployment:net')).toEqual([]);
    expect(ipam.listAllocations({ pool: 'lab' })).toMatchObject([
      { value: '10.20.0.0/24', kind: 'child_pool', owner: 'retiring:deployment:net' },
    ]);
    // Nothing in it is handed out twice: a new network gets another block, the old scope keeps its addresses.
    expect(ipam.allocate({ pool: 'lab' }, { kind: 'subnet', prefix: 24 }, 'deployment:net-2').value).toBe('10.20.1.0/24');
    expect(ipam.listAllocations({ pool: scope.id }).map((a) => a.value)).toEqual(['10.20.0.2', '10.20.0.3']);
    ipam.releaseOwner('deployment:vm-1');
    expect(ipam.listPools().map((p) => p.name)).toContain('dev/net-1');
    ipam.release({ id: second.id });
    expect(ipam.listPools().map((p) => p.name)).toEqual(['lab']);
    expect(ipam.listAllocations({ pool: 'lab' }).map((a) => a.value)).toEqual(['10.20.1.0/24']);
  });
});

describe('IPv6', () => {
  it('allocates /64s from a /48 and addresses after the anycast and gateway', () => {
    ipam.createPool({ name: 'v6', cidr: 'fd00:10::/48' });
    expect(ipam.allocate({ pool: 'v6' }, { kind: 'subnet', prefix: 64 }, 'net').value).toBe('fd00:10::/64');
    expect(ipam.allocate({ pool: 'v6' }, { kind: 'subnet', prefix: 64 }, 'net').value).toBe('fd00:10:0:1::/64');
    ipam.createPool({ name: 'hosts', cidr: 'fd00:20::/120' });
    expect(ipam.allocate({ pool: 'hosts' }, { kind: 'address' }, 'vm').value).toBe('fd00:20::2');
  });
});

describe('concurrency', () => {
  const worker = fileURLToPath(new URL('./__fixtures__/allocate-worker.mjs', import.meta.url));
  const built = fileURLToPath(new URL('../../../dist/engine/resolvers/ipam/ipam-service.js', import.meta.url));

  it('two processes allocating from one pool at the same moment never get the same address', { timeout: 60_000 }, async () => {
    expect(existsSync(built), 'the engine must be built first (npm run build)').toBe(true);
    ipam.createPool({ name: 'shared', cidr: '10.20.0.0/22' });
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
    ipam = new IpamService(store.ipam);
    expect(ipam.listAllocations({ pool: 'shared' })).toHaveLength(600);
  });
});
