/**
 * Approvals on a shared server, run on both stores (SQLite beside the service, PostgreSQL in the
 * `postgres` project): a gated deploy waits, n of m counts distinct eligible approvers, the
 * requester cannot approve their own, any rejection rejects, a changed plan voids the approval, a
 * request lapses when it expires, and another tenant sees none of it. No deploy runs here (the
 * approved deploy that really runs is in `../approvals.integration.test.ts`).
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../api/authorization.js';
import type { TopologyDocument } from '../../api/schemas/topology.js';
import { PERMISSIONS } from '../../common/permissions.js';
import { runInRequest } from '../../context/request-context.js';
import { createEngine, type Engine } from '../../engine.js';
import { IdentityService } from '../../identity/identity-service.js';
import type { StorePort } from '../../store/ports/store-port.js';
import { tempDir } from '../../test-support/temp-dir.js';
import type { ApprovalNotifier } from '../approval-notifier.js';
import { ApprovalService, type ApprovalEvent } from '../approval-service.js';

type Outcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; details: Record<string, unknown> } };

/** A document with one disk of `size` MB. */
export function diskTopology(size = 8): TopologyDocument {
  return {
    schemaVersion: 1,
    nodes: [{ id: 'disk', label: 'disk', component: 'local-storage@1', position: { x: 0, y: 0 }, params: { size_mb: size } }],
    wires: [],
  };
}

interface World {
  engine: Engine;
  store: StorePort;
  admin: Caller;
  alice: Caller;
  bob: Caller;
  carol: Caller;
  dave: Caller;
  eve: Caller;
  stranger: Caller;
  events: ApprovalEvent[];
  /** What the notifier heard (`hook:requestId`); its `decided` hook throws, which must change nothing. */
  notices: string[];
  call(caller: Caller, method: string, input: unknown): Promise<Outcome>;
  must<T = Record<string, unknown>>(caller: Caller, method: string, input: unknown): Promise<T>;
}

/** The suite, on the store `open` gives (a fresh database each test). */
export function approvalSuite(label: string, open: () => Promise<{ store: StorePort; dispose(): Promise<void> }>): void {
  describe(`approvals before deploy on a shared server (${label})`, () => {
    let world: World;
    let end: () => Promise<void>;

    beforeEach(async () => {
      const temp = tempDir();
      const opened = await open();
      const store = opened.store;
      const identity = new IdentityService(store);
      const { tenant, user: root } = await identity.bootstrap({ provider: 'acme', admin: 'root' });
      const as = (id: string, tenantId = tenant.id): Caller => ({ id, tenant: tenantId, permissions: new Set(PERMISSIONS) });
      const admin = as(root.id);
      const user = async (name: string, role: string) => (await identity.createUser(admin, { name, role })).user.id;
      const alice = as(await user('alice', 'user'));
      const bob = as(await user('bob', 'user'));
      const carol = as(await user('carol', 'user'));
      const dave = as(await user('dave', 'tenant-admin'));
      const eve = as(await user('eve', 'user'));
      await identity.createGroup(admin, { name: 'release' });
      await identity.addGroupMember(admin, { group: 'release', user: 'carol' });
      const other = await identity.createTenant(admin, { name: 'other' });
      const strangerUser = (await identity.createUser(admin, { name: 'zed', tenant: other.id, role: 'tenant-admin' })).user.id;
      const stranger = as(strangerUser, other.id);

      const notices: string[] = [];
      const approvalNotifier: ApprovalNotifier = {
        requested: ({ request }) => void notices.push(`requested:${request.id}`),
        decided: ({ request }) => {
          notices.push(`decided:${request.id}:${request.status}`);
          throw new Error('the mail server is down');
        },
        expiring: ({ request }) => void notices.push(`expiring:${request.id}`),
      };
      const engine = await createEngine({ dataDir: path.join(temp.dir, 'data'), store, shared: { identity }, approvalNotifier });
      const events: ApprovalEvent[] = [];
      engine.approvals.onEvent((event) => events.push(event));
      const call = async (caller: Caller, method: string, input: unknown) =>
        (await engine.dispatcher.dispatch(method, input, { caller })) as Outcome;
      const must = async <T>(caller: Caller, method: string, input: unknown): Promise<T> => {
        const outcome = await call(caller, method, input);
        if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
        return outcome.result as T;
      };
      await engine.ready;
      await must(admin, 'createLocalSandbox', {});
      world = { engine, store, admin, alice, bob, carol, dave, eve, stranger, events, notices, call, must };
      end = async () => {
        try {
          await engine.dispose();
        } finally {
          await opened.dispose();
          temp.remove();
        }
      };
    });
    afterEach(async () => {
      await end?.();
    });

    /** A 2-of-3 policy on `sandbox`: user bob, group release (carol), role tenant-admin (dave). */
    async function twoOfThree(extra: Record<string, unknown> = {}) {
      return world.must(world.admin, 'setApprovalPolicy', {
        environment: 'sandbox',
        actions: ['deploy', 'destroy'],
        approvers: [
          { kind: 'user', name: 'bob' },
          { kind: 'group', name: 'release' },
          { kind: 'role', name: 'tenant-admin' },
        ],
        required: 2,
        ...extra,
      });
    }

    /** Alice asks to deploy topology `name`; returns the request id the refusal names. */
    async function requestDeploy(topologyId: string, required = 2): Promise<string> {
      const outcome = await world.call(world.alice, 'startDeployment', { environment: 'sandbox', topologyId });
      expect(outcome.ok, JSON.stringify(outcome)).toBe(false);
      if (outcome.ok) throw new Error('unreachable');
      expect(outcome.error.code).toBe('approval_pending');
      expect(outcome.error.details).toMatchObject({ status: 'awaiting_approval', required });
      return outcome.error.details.requestId as string;
    }

    async function topology(name: string, document = diskTopology()): Promise<{ id: string; revision: number }> {
      return world.must(world.alice, 'createTopology', { name, document });
    }

    async function deployJobs(): Promise<unknown[]> {
      const jobs = await world.must<{ kind: string }[]>(world.admin, 'listJobs', {});
      return jobs.filter((job) => job.kind === 'deploy.topology');
    }

    it('sets, reads, lists and deletes policies; an environment follows its landing zone until it has its own', async () => {
      const { admin, must, call } = world;
      await must(admin, 'setApprovalPolicy', { landingZone: 'sandbox-local', actions: ['destroy'] });
      expect(await must(admin, 'getApprovalPolicy', { environment: 'sandbox' })).toMatchObject({
        scopeKind: 'landing-zone',
        actions: ['destroy'],
        required: 1,
        selfApproval: false,
      });
      await twoOfThree();
      expect(await must(admin, 'getApprovalPolicy', { environment: 'sandbox' })).toMatchObject({ scopeKind: 'environment', required: 2 });
      expect(await must<unknown[]>(admin, 'listApprovalPolicies', {})).toHaveLength(2);
      expect(await must(admin, 'deleteApprovalPolicy', { environment: 'sandbox' })).toEqual({ deleted: true });
      expect(await must(admin, 'deleteApprovalPolicy', { environment: 'sandbox' })).toEqual({ deleted: false });
      expect(await must(admin, 'getApprovalPolicy', { environment: 'sandbox' })).toMatchObject({ scopeKind: 'landing-zone' });
      // Refused: an unknown approver, more approvals than named users, an action no policy gates, no scope.
      const unknownUser = await call(admin, 'setApprovalPolicy', {
        environment: 'sandbox',
        actions: ['deploy'],
        approvers: [{ kind: 'user', name: 'nobody' }],
      });
      expect(unknownUser).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const tooMany = await call(admin, 'setApprovalPolicy', {
        environment: 'sandbox',
        actions: ['deploy'],
        approvers: [{ kind: 'user', name: 'bob' }],
        required: 2,
      });
      expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await call(admin, 'setApprovalPolicy', { environment: 'sandbox', actions: ['launch'] })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      expect(await call(admin, 'setApprovalPolicy', { actions: ['deploy'] })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      // A user without approval:policy:manage may read but not set.
      const reader: Caller = { ...world.alice, permissions: new Set(['approval:read'] as const) };
      expect(await call(reader, 'setApprovalPolicy', { environment: 'sandbox', actions: ['deploy'] })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      const audit = await runInRequest({ requestId: 't', actor: admin.id, tenant: admin.tenant, clientAddress: null }, () =>
        world.store.audit.list({ entity: 'approval-policy' }),
      );
      expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['approval-policy.set', 'approval-policy.delete']));
    });

    it('a deploy into a gated environment waits; one approval of 2-of-3 is not enough; the requester and non-approvers cannot approve', async () => {
      const { alice, bob, eve, must, call } = world;
      await twoOfThree();
      const shop = await topology('shop');
      const id = await requestDeploy(shop.id);
      expect(await deployJobs()).toEqual([]);
      const pending = await must(alice, 'getApprovalRequest', { id });
      expect(pending).toMatchObject({
        status: 'pending',
        approvals: 0,
        required: 2,
        requester: alice.id,
        action: 'deploy',
        subject: 'shop',
      });
      expect(pending.planHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(pending.plan)).toContain('size_mb');
      expect(pending.cost).toBeNull();

      // The same request again is the same request, not a second one.
      expect(await requestDeploy(shop.id)).toBe(id);

      expect(await call(alice, 'approveApprovalRequest', { id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await call(eve, 'approveApprovalRequest', { id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await call(eve, 'rejectApprovalRequest', { id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

      const once = await must(bob, 'approveApprovalRequest', { id, comment: 'looks right' });
      expect(once).toMatchObject({
        status: 'pending',
        approvals: 1,
        decisions: [{ by: bob.id, decision: 'approve', comment: 'looks right' }],
      });
      expect(await call(bob, 'approveApprovalRequest', { id })).toMatchObject({ ok: false, error: { code: 'approval_duplicate' } });
      expect(await deployJobs()).toEqual([]);
      expect(await must<{ id: string }[]>(alice, 'listApprovalRequests', { status: 'pending' })).toEqual([expect.objectContaining({ id })]);
      expect(await must<unknown[]>(alice, 'listApprovalRequests', { status: 'decided' })).toEqual([]);
      expect(world.events.map((event) => event.type)).toEqual(['approval.requested', 'approval.decided']);
      expect(world.notices).toEqual([`requested:${id}`]);
      const audit = await runInRequest({ requestId: 't', actor: alice.id, tenant: alice.tenant, clientAddress: null }, () =>
        world.store.audit.history('approval-request', id),
      );
      expect(audit.map((row) => row.action)).toEqual(['approval-request.create', 'approval-request.approve']);
    });

    it('approvals given at the same moment are all counted', async () => {
      const { alice, bob, carol, must } = world;
      await twoOfThree({ required: 3 });
      const id = await requestDeploy((await topology('together')).id, 3);
      await Promise.all([must(bob, 'approveApprovalRequest', { id }), must(carol, 'approveApprovalRequest', { id })]);
      const after = await must<{ approvals: number; decisions: { by: string }[] }>(alice, 'getApprovalRequest', { id });
      expect(after.approvals).toBe(2);
      expect(after.decisions.map((decision) => decision.by).sort()).toEqual([bob.id, carol.id].sort());
    });

    it('self-approval counts only when the policy allows it, even for a requester who is an approver', async () => {
      const { alice, must, call } = world;
      const approvers = [
        { kind: 'user', name: 'alice' },
        { kind: 'user', name: 'bob' },
      ];
      await twoOfThree({ approvers });
      const refused = await requestDeploy((await topology('self-a')).id);
      expect(await call(alice, 'approveApprovalRequest', { id: refused })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await twoOfThree({ approvers, selfApproval: true });
      const allowed = await requestDeploy((await topology('self-b')).id);
      expect(await must(alice, 'approveApprovalRequest', { id: allowed })).toMatchObject({ status: 'pending', approvals: 1 });
    });

    it('any rejection ends the request; it never runs and takes no more decisions', async () => {
      const { bob, carol, dave, must, call } = world;
      await twoOfThree();
      const id = await requestDeploy((await topology('shop')).id);
      await must(bob, 'approveApprovalRequest', { id });
      const rejected = await must(carol, 'rejectApprovalRequest', { id, comment: 'not during the sale' });
      expect(rejected).toMatchObject({ status: 'rejected', reason: expect.stringContaining('not during the sale') });
      const late = await call(dave, 'approveApprovalRequest', { id });
      expect(late).toMatchObject({ ok: false, error: { code: 'approval_closed', details: { status: 'rejected' } } });
      // The notifier heard the decision; that it failed changed nothing.
      expect(world.notices).toEqual([`requested:${id}`, `decided:${id}:rejected`]);
      expect(await deployJobs()).toEqual([]);
      expect(await must<{ id: string }[]>(bob, 'listApprovalRequests', { status: 'decided' })).toEqual([expect.objectContaining({ id })]);
    });

    it('an edit to the topology after approval voids it: the deploy does not run and a new approval is needed', async () => {
      const { alice, bob, dave, must } = world;
      await twoOfThree();
      const shop = await topology('shop');
      const id = await requestDeploy(shop.id);
      await must(bob, 'approveApprovalRequest', { id });
      await must(alice, 'saveTopology', { id: shop.id, expectedRevision: shop.revision, document: diskTopology(16) });
      const voided = await must(dave, 'approveApprovalRequest', { id });
      expect(voided).toMatchObject({ status: 'void', reason: expect.stringContaining('plan changed') });
      expect(await deployJobs()).toEqual([]);
      expect(world.events.map((event) => event.type)).toContain('approval.void');
      // Asking again makes a new request for the new plan.
      const again = await requestDeploy(shop.id);
      expect(again).not.toBe(id);
      const [first, second] = await Promise.all([
        must(alice, 'getApprovalRequest', { id }),
        must(alice, 'getApprovalRequest', { id: again }),
      ]);
      expect(second.planHash).not.toBe(first.planHash);
    });

    it('an expired request lapses when read and by the sweep; a decision on it is refused', async () => {
      const { bob, must, call } = world;
      await twoOfThree({ expiresAfterMinutes: 60 });
      const first = await requestDeploy((await topology('one')).id);
      const second = await requestDeploy((await topology('two')).id);
      const heard: string[] = [];
      const notifier: ApprovalNotifier = {
        requested: () => undefined,
        decided: ({ request }) => void heard.push(`decided:${request.id}:${request.status}`),
        expiring: ({ request }) => void heard.push(`expiring:${request.id}`),
      };
      const soon = new ApprovalService({ store: world.store, mode: 'shared', notifier, now: () => new Date(Date.now() + 50 * 60_000) });
      expect(await soon.sweep()).toBe(0);
      expect(await soon.sweep()).toBe(0);
      expect(heard.sort()).toEqual([`expiring:${first}`, `expiring:${second}`].sort());
      heard.length = 0;
      const later = new ApprovalService({ store: world.store, mode: 'shared', notifier, now: () => new Date(Date.now() + 61 * 60_000) });
      const read = await runInRequest({ requestId: 't', actor: bob.id, tenant: bob.tenant, clientAddress: null }, () =>
        later.getRequest(first),
      );
      expect(read.status).toBe('expired');
      expect(await later.sweep()).toBe(1);
      expect(heard.sort()).toEqual([`decided:${first}:expired`, `decided:${second}:expired`].sort());
      expect(await must(bob, 'getApprovalRequest', { id: second })).toMatchObject({ status: 'expired' });
      expect(await call(bob, 'approveApprovalRequest', { id: first })).toMatchObject({
        ok: false,
        error: { code: 'approval_closed', details: { status: 'expired' } },
      });
      expect(await must<unknown[]>(bob, 'listApprovalRequests', { status: 'expired' })).toHaveLength(2);
      expect(await must<unknown[]>(bob, 'listApprovalRequests', { status: 'pending' })).toHaveLength(0);
      expect(await deployJobs()).toEqual([]);
    });

    it("another tenant's request and policy are not found", async () => {
      const { stranger, call } = world;
      await twoOfThree();
      const id = await requestDeploy((await topology('shop')).id);
      for (const method of ['getApprovalRequest', 'approveApprovalRequest', 'rejectApprovalRequest'])
        expect(await call(stranger, method, { id }), method).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await call(stranger, 'listApprovalRequests', {})).toEqual({ ok: true, result: [] });
      expect(await call(stranger, 'listApprovalPolicies', {})).toEqual({ ok: true, result: [] });
      expect(await call(stranger, 'getApprovalPolicy', { environment: 'sandbox' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    });

    it('destroy is gated like deploy', async () => {
      const { alice, call } = world;
      await twoOfThree();
      const outcome = await call(alice, 'startTopologyDestroy', { environment: 'sandbox', topology: 'shop' });
      expect(outcome).toMatchObject({ ok: false, error: { code: 'approval_pending' } });
    });
  });
}
