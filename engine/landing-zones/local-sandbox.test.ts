import { describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../api/contract.js';
import type { WireError } from '../api/schemas/jobs.js';
import { useTestEngine } from '../test-support/test-engine.js';
import { DEFAULT_SANDBOX_CIDR, freeSandboxCidr } from './local-sandbox.js';

const { engine } = useTestEngine();

/** Calls the API method through the dispatcher, as both transports do (input and output validated). */
async function call(method: MethodName, input: unknown = {}): Promise<{ ok: true; result: unknown } | { ok: false; error: WireError }> {
  return engine().dispatcher.dispatch(method, input);
}

async function ok<M extends MethodName>(method: M, input: MethodInput<M> = {} as MethodInput<M>): Promise<MethodOutput<M>> {
  const answer = await call(method, input);
  if (!answer.ok) throw new Error(`${method} failed: ${answer.error.code} ${answer.error.message}`);
  return answer.result as MethodOutput<M>;
}

describe('createLocalSandbox', () => {
  it('sets up a pool, a local landing zone and an environment on a fresh store, and plans a local component against it', async () => {
    const sandbox = await ok('createLocalSandbox');
    expect(sandbox.created).toEqual({ pool: true, landingZone: true, environment: true });
    expect(sandbox.pool).toMatchObject({ name: 'sandbox-pool', cidr: DEFAULT_SANDBOX_CIDR, family: 4, parentId: null });
    expect(sandbox.landingZone).toMatchObject({
      name: 'sandbox-local',
      provider: 'local',
      resolverConfig: { ipam: { pool: 'sandbox-pool' } },
    });
    expect(sandbox.environment).toMatchObject({ name: 'sandbox', landingZone: 'sandbox-local', provider: 'local' });
    expect((await ok('listEnvironments')).map((entry) => entry.name)).toEqual(['sandbox']);

    // Ready to use: a machine plans with an address from the sandbox's pool and a name from its pattern.
    const plan = await ok('planTopology', {
      environment: 'sandbox',
      document: {
        schemaVersion: 1,
        nodes: [
          { id: 'net', label: 'net', component: 'local-network@1', position: { x: 0, y: 0 } },
          { id: 'vm', label: 'vm', component: 'local-vm@1', position: { x: 300, y: 0 } },
        ],
        wires: [{ id: 'w', source: { node: 'net', port: 'network_id' }, target: { node: 'vm', port: 'network_id' } }],
      },
    });
    expect(plan.valid).toBe(true);
    const values = plan.nodes.find((entry) => entry.nodeId === 'vm')!.values;
    expect(values.ip_address).toMatchObject({ source: 'resolver' });
    expect(String(values.ip_address?.value)).toMatch(/^10\.100\./);
    expect(String(values.name?.value)).toMatch(/^sandbox-/);
  });

  it('is idempotent: a second call finds the same sandbox and creates nothing', async () => {
    const first = await ok('createLocalSandbox');
    const second = await ok('createLocalSandbox');
    expect(second.created).toEqual({ pool: false, landingZone: false, environment: false });
    expect(second.environment.id).toBe(first.environment.id);
    expect(second.landingZone.id).toBe(first.landingZone.id);
    expect(second.pool.id).toBe(first.pool.id);
    expect(await ok('listIpamPools')).toHaveLength(1);
    expect(await ok('listLandingZones')).toHaveLength(1);
    expect(await ok('listEnvironments')).toHaveLength(1);
    // Another name is another sandbox, on another free range.
    const other = await ok('createLocalSandbox', { name: 'play' });
    expect(other.environment.name).toBe('play');
    expect(other.pool.cidr).not.toBe(first.pool.cidr);
  });

  it('chooses a free private range when an existing pool overlaps the default one', async () => {
    await ok('createIpamPool', { name: 'office', cidr: '10.100.20.0/24' });
    await ok('createIpamPool', { name: 'lab', cidr: '10.101.0.0/16' });
    const sandbox = await ok('createLocalSandbox');
    expect(sandbox.pool.cidr).toBe('10.0.0.0/16');
    const cidrs = (await ok('listIpamPools')).map((pool) => pool.cidr);
    expect(cidrs.sort()).toEqual(['10.0.0.0/16', '10.100.20.0/24', '10.101.0.0/16']);
  });

  it('refuses a name held by something that is not a local sandbox, and leaves nothing half made', async () => {
    await ok('createIpamPool', { name: 'corp', cidr: '192.168.0.0/16' });
    await ok('createLandingZone', { name: 'homelab', provider: 'proxmox', resolverConfig: { ipam: { pool: 'corp' } } });
    await ok('createEnvironment', { name: 'sandbox', landingZone: 'homelab' });
    const taken = await call('createLocalSandbox');
    expect(taken).toMatchObject({ ok: false, error: { code: 'sandbox_name_taken' } });
    if (!taken.ok) expect(taken.error.message).toContain('landing zone homelab');
    expect((await ok('listIpamPools')).map((pool) => pool.name)).toEqual(['corp']);

    // A zone of the sandbox's name that uses another pool is refused too; the pool made before it is rolled back.
    await ok('createLandingZone', { name: 'trial-local', provider: 'local', resolverConfig: { ipam: { pool: 'corp' } } });
    expect(await call('createLocalSandbox', { name: 'trial' })).toMatchObject({ ok: false, error: { code: 'sandbox_name_taken' } });
    expect(await ok('listIpamPools')).toHaveLength(1);
    expect(await ok('listEnvironments')).toHaveLength(1);
  });

  it('validates its input like every method', async () => {
    for (const input of [{ name: '' }, { name: 'Sandbox' }, { name: 'x'.repeat(58) }, { name: 'ok', extra: 1 }, { name: 7 }]) {
      expect(await call('createLocalSandbox', input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });
});

describe('freeSandboxCidr', () => {
  it('tries the default, then the rest of 10/8, then 172.16/12, then 192.168/16, and gives up when all overlap', () => {
    expect(freeSandboxCidr([])).toBe('10.100.0.0/16');
    expect(freeSandboxCidr([{ cidr: '10.0.0.0/8', family: 4 }])).toBe('172.16.0.0/16');
    expect(
      freeSandboxCidr([
        { cidr: '10.0.0.0/8', family: 4 },
        { cidr: '172.16.0.0/12', family: 4 },
      ]),
    ).toBe('192.168.0.0/16');
    expect(freeSandboxCidr([{ cidr: '0.0.0.0/0', family: 4 }])).toBeNull();
    expect(freeSandboxCidr([{ cidr: '::/0', family: 6 }])).toBe('10.100.0.0/16');
  });
});
