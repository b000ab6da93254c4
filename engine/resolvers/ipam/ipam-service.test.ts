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
    expect(() => ipam.createPool({ name: 'outside', cidr: '10.1.0.0/24', parent: 'dc' })).toThrow(/not a proper part of the parent pool dc/);
    expect(ipam.allocate({ pool: 'web' }, { kind: 'address' }, 'vm').value).toBe('10.0.0.2');
    const dc = ipam.getPool({ pool: 'dc' });
    expect(dc.used).toBe(String(256 + 256));
    expect(dc.utilisation).toBeCloseTo(512 / 65536, 6);
  });

  it('refuses overlapping top-level pools, duplicate names and impossible prefixes', () => {
    ipam.createPool({ name: 'a', cidr: '10.0.0.0/16' });
    expect(() => ipam.createPool({ name: 'b', cidr: '10.0.128.0/17' })).toThrow('10.0.128.0/17 overlaps the pool a (10.0.0.0/16) in scope global');
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
