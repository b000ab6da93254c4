import { describe, expect, it } from 'vitest';
import { runInRequest } from '../../context/request-context.js';
import { runAsEngineWork } from '../../context/tenant-scope.js';
import type { IdempotencyClaimRequest } from '../ports/sync-records.js';
import { asTenant, useStore, type StoreFactory } from './harness.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');

const request = (key: string, token: string, at = T0, extra: Partial<IdempotencyClaimRequest> = {}): IdempotencyClaimRequest => ({
  actor: 'ann',
  key,
  method: 'createTopology',
  inputHash: 'h1',
  now: new Date(at).toISOString(),
  claimedUntil: new Date(at + 60_000).toISOString(),
  token,
  ...extra,
});

/** A server's idempotency keys: one claim per key, answers kept per tenant and actor, and the commit fence. */
export function idempotencyContract(factory: StoreFactory): void {
  describe('idempotency keys', () => {
    const store = useStore(factory);
    const keys = () => store().idempotency;

    it('gives a key to one claim, then the stored answer; refuses another input; keeps tenants and actors apart', async () => {
      await asTenant('acme', async () => {
        expect(await keys().claim(request('k1', 'a'))).toEqual({ state: 'claimed' });
        expect(await keys().claim(request('k1', 'b'))).toEqual({ state: 'in_progress', claimedUntil: new Date(T0 + 60_000).toISOString() });
        await keys().finish('ann', 'k1', 'a', { status: 200, body: { id: 't1', nested: [1, 'two'] } });
        expect(await keys().claim(request('k1', 'c'))).toEqual({
          state: 'done',
          answer: { status: 200, body: { id: 't1', nested: [1, 'two'] } },
        });
        expect(await keys().claim(request('k1', 'd', T0, { inputHash: 'h2' }))).toEqual({ state: 'mismatch', method: 'createTopology' });
        expect(await keys().claim(request('k1', 'e', T0, { method: 'deleteTopology' }))).toEqual({
          state: 'mismatch',
          method: 'createTopology',
        });
        // Another actor's key of the same name is its own.
        expect(await keys().claim(request('k1', 'f', T0, { actor: 'bob' }))).toEqual({ state: 'claimed' });
      });
      // Another tenant's key of the same name is its own too.
      expect(await asTenant('globex', () => keys().claim(request('k1', 'g')))).toEqual({ state: 'claimed' });
    });

    it('frees a released claim, and only the claim that holds it can finish or release it', async () => {
      await asTenant('acme', async () => {
        expect(await keys().claim(request('k2', 'a'))).toEqual({ state: 'claimed' });
        await keys().release('ann', 'k2', 'not-a');
        await keys().finish('ann', 'k2', 'not-a', { status: 200, body: {} });
        expect((await keys().claim(request('k2', 'b'))).state).toBe('in_progress');
        await keys().release('ann', 'k2', 'a');
        expect(await keys().claim(request('k2', 'c'))).toEqual({ state: 'claimed' });
      });
    });

    it('commits a keyed call’s writes only while it holds the claim; a committed claim is never taken over', async () => {
      const call = (key: string, token: string) =>
        runInRequest({ requestId: 'r', actor: 'ann', tenant: 'acme', clientAddress: null, idempotency: { actor: 'ann', key, token } }, () =>
          store().unitOfWork((tx) => tx.topologies.create(`made under ${token}`)),
        );
      const single = (key: string, token: string) =>
        runInRequest({ requestId: 'r', actor: 'ann', tenant: 'acme', clientAddress: null, idempotency: { actor: 'ann', key, token } }, () =>
          store().topologies.create(`single under ${token}`),
        );
      const names = async () => (await asTenant('acme', () => store().topologies.list())).map((topology) => topology.name).sort();

      await asTenant('acme', () => keys().claim(request('k3', 'old')));
      // Its lease ran out: another run takes the key over; the old run's writes are refused and undone.
      expect(await asTenant('acme', () => keys().claim(request('k3', 'new', T0 + 61_000)))).toEqual({ state: 'claimed' });
      await expect(call('k3', 'old')).rejects.toMatchObject({ code: 'request_in_progress' });
      await expect(single('k3', 'old')).rejects.toMatchObject({ code: 'request_in_progress' });
      expect(await names()).toEqual([]);
      await call('k3', 'new');
      await single('k3', 'new');
      expect(await names()).toEqual(['made under new', 'single under new']);
      // Something of it committed: after its lease, the key is never run again.
      expect(await asTenant('acme', () => keys().claim(request('k3', 'late', T0 + 200_000)))).toEqual({ state: 'unknown' });
      // A key that is gone (swept) holds nothing back: work a call started may outlive its key.
      await single('no-such-key', 'any');
      expect(await names()).toHaveLength(3);
    });

    it('sweeps keys older than a time in every tenant, only as the engine’s own work', async () => {
      await asTenant('acme', () => keys().claim(request('old', 'a', T0)));
      await asTenant('globex', () => keys().claim(request('old', 'a', T0)));
      await asTenant('acme', () => keys().claim(request('new', 'a', T0 + 3_600_000)));
      // A tenant's own call sweeps its own keys only.
      expect(await asTenant('acme', () => keys().sweep(new Date(T0 + 1000).toISOString()))).toBe(1);
      expect(await runAsEngineWork('test', () => keys().sweep(new Date(T0 + 1000).toISOString()))).toBe(1);
      expect((await asTenant('acme', () => keys().claim(request('new', 'b', T0 + 3_600_000)))).state).toBe('in_progress');
      expect(await asTenant('globex', () => keys().claim(request('old', 'b', T0)))).toEqual({ state: 'claimed' });
    });
  });
}
