import { describe, expect, it } from 'vitest';
import { NimbusError } from '../../errors.js';
import { keepLeases, type LeaseCalls } from './replica-leases.js';

const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const hours = (n: number) => new Date(NOW + n * 3_600_000).toISOString();

function lease(environment: string, expiresInHours: number) {
  return {
    id: `lease-${environment}-${expiresInHours}`,
    environment,
    client: 'desktop-a',
    actor: 'ann',
    grantedAt: hours(-1),
    expiresAt: hours(expiresInHours),
    endedAt: null,
    endedReason: null,
    addresses: [],
    names: [],
  };
}

/** A server's lease methods as this unit sees them: a list of leases, and grants that may be refused. */
function server(live: ReturnType<typeof lease>[], refuse: (input: { environment: string; addresses: number }) => NimbusError | undefined) {
  const grants: unknown[] = [];
  const calls: LeaseCalls = {
    call: (async (method: string, input: { environment: string; addresses: number }) => {
      if (method === 'listLeases') return live;
      const refusal = refuse(input);
      if (refusal) throw refusal;
      grants.push(input);
      live.push(lease(input.environment, 72));
      return live.at(-1);
    }) as LeaseCalls['call'],
  };
  return { calls, grants };
}

const base = { clientId: 'desktop-a', permissions: ['sync:lease:manage'], components: ['local-vm@1'], now: NOW };

describe('keeping leases for offline planning', () => {
  it('asks for a lease where none is held or the held one runs out within a day, and leaves fresh ones', async () => {
    const { calls, grants } = server([lease('dev', 48), lease('test', 10)], () => undefined);
    const upkeep = await keepLeases(calls, { ...base, environments: ['dev', 'test', 'prod'] });
    expect(grants).toEqual([
      { environment: 'test', client: 'desktop-a', addresses: 16, names: [{ component: 'local-vm@1', count: 8 }], hours: 72 },
      { environment: 'prod', client: 'desktop-a', addresses: 16, names: [{ component: 'local-vm@1', count: 8 }], hours: 72 },
    ]);
    expect(upkeep).toEqual({ held: 4, environments: 3, note: null });
  });

  it('gets what it can in an environment without a pool, and says what it could not', async () => {
    const { calls, grants } = server([], (input) =>
      input.addresses > 0 ? new NimbusError('ipam_no_pool', 'no IPAM pool is configured for environment edge') : undefined,
    );
    const upkeep = await keepLeases(calls, { ...base, environments: ['edge'] });
    expect(grants).toEqual([
      { environment: 'edge', client: 'desktop-a', addresses: 0, names: [{ component: 'local-vm@1', count: 8 }], hours: 72 },
    ]);
    expect(upkeep.note).toBeNull();

    const none = server([], () => new NimbusError('ipam_no_pool', 'no IPAM pool is configured for environment edge'));
    expect((await keepLeases(none.calls, { ...base, environments: ['edge'] })).note).toMatch(/edge: no IPAM pool/);
  });

  it('skips quietly without the permission or when the server refuses, and lets offline end the upkeep', async () => {
    const { calls, grants } = server([], () => undefined);
    expect(await keepLeases(calls, { ...base, permissions: [], environments: ['dev'] })).toMatchObject({
      held: 0,
      note: expect.stringMatching(/lacks/),
    });
    expect(grants).toEqual([]);
    const refusing = server([], () => new NimbusError('forbidden', 'You lack the permission sync:lease:manage'));
    expect((await keepLeases(refusing.calls, { ...base, environments: ['dev'] })).note).toMatch(/refused/);
    const away = server([], () => new NimbusError('server_unreachable', 'gone'));
    await expect(keepLeases(away.calls, { ...base, environments: ['dev'] })).rejects.toMatchObject({ code: 'server_unreachable' });
  });
});
