/**
 * The cross-tenant sweep: tenant A creates one record of (almost) every kind through the API (and a
 * few through the store where the API needs Pulumi), then tenant B calls every API method that takes
 * a reference — an id (`id`, `…Id`) or the name of a tenant-scoped record — with each of A's values,
 * and every listing. The methods come from the contract itself, so a new method is swept without
 * anyone remembering to add it. Run on both stores by the tests beside them.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { z } from 'zod';
import type { Caller } from '../api/authorization.js';
import { contract } from '../api/contract.js';
import { PERMISSIONS } from '../common/permissions.js';
import { haWebStackDocument } from '../common/examples/ha-web-stack.js';
import { runInRequest } from '../context/request-context.js';
import type { Engine } from '../engine.js';

/** A caller of `tenant` holding every permission there. */
export function callerOf(tenant: string): Caller {
  return { id: `user-of-${tenant}`, tenant, permissions: new Set(PERMISSIONS) };
}

type Outcome = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

async function call(engine: Engine, caller: Caller, method: string, input: unknown): Promise<Outcome> {
  return (await engine.dispatcher.dispatch(method, input, { caller })) as Outcome;
}

async function must(engine: Engine, caller: Caller, method: string, input: unknown): Promise<unknown> {
  const outcome = await call(engine, caller, method, input);
  if (!outcome.ok) throw new Error(`${method} as ${caller.tenant}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result;
}

/** Keys whose value names a record: ids, and the names of tenant-scoped records. */
const ID_KEY = /^(id|.+Id)$/;
const NAME_KEYS = new Set(['name', 'pool', 'landingZone', 'template', 'stack', 'parent', 'environment', 'topology', 'tenant', 'channel']);
/** Methods whose `name` is the name of a record to create, not one to find. */
const CREATES = /^(create|import|fork|deploy|tryComponent)/;

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
  element?: z.ZodType;
  entries?: Record<string, unknown>;
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** Values that may satisfy `schema`, best first (enough for every input of the contract). */
function samples(schema: z.ZodType): unknown[] {
  // A schema may carry its own examples (`.meta({ examples })`) where no generic sample fits (cloud accounts).
  const examples = (schema.meta() as { examples?: unknown[] } | undefined)?.examples;
  if (examples && examples.length > 0) return examples;
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return ['x', 'dev', 'web-1', '10.0.0.0/24', '10.0.0.5', 'a'];
    case 'number':
      return [1, 0];
    case 'boolean':
      return [false, true];
    case 'literal':
      return def.values ?? [];
    case 'enum':
      return Object.values(def.entries ?? {});
    case 'array':
      return [
        [],
        ...(def.element
          ? samples(def.element)
              .slice(0, 1)
              .map((item) => [item])
          : []),
      ];
    case 'record':
      return [{}];
    case 'unknown':
    case 'any':
      return [{}];
    case 'nullable':
      return [null];
    case 'optional':
    case 'default':
      return [undefined];
    case 'union':
      return (def.options ?? []).flatMap(samples);
    case 'object':
      return [minimalObject(schema)];
    case 'pipe':
    case 'lazy':
      return [{}, 'x'];
    default:
      return ['x', 1, {}, []];
  }
}

/** The smallest object `schema` accepts: its required keys, each with the first sample it accepts. */
function minimalObject(schema: z.ZodType, fixed: Record<string, unknown> = {}): Record<string, unknown> {
  const shape = defOf(schema).shape ?? {};
  const value: Record<string, unknown> = { ...fixed };
  for (const [key, field] of Object.entries(shape)) {
    const type = defOf(field).type;
    if (key in fixed || type === 'optional' || type === 'default') continue;
    const fit = samples(field).find((candidate) => field.safeParse(candidate).success);
    value[key] = fit ?? samples(field)[0];
  }
  return value;
}

/**
 * An input of `schema` with `fixed` set: the smallest, else the smallest plus one optional field (for
 * inputs that need one of several, like a topology by id or by document), or undefined.
 */
function buildInput(schema: z.ZodType, fixed: Record<string, unknown>): Record<string, unknown> | undefined {
  const smallest = minimalObject(schema, fixed);
  if (schema.safeParse(smallest).success) return smallest;
  for (const [key, field] of Object.entries(defOf(schema).shape ?? {})) {
    if (key in smallest) continue;
    for (const candidate of samples(defOf(field).innerType ?? field)) {
      const tried = { ...smallest, [key]: candidate };
      if (schema.safeParse(tried).success) return tried;
    }
  }
  return undefined;
}

/** Another UUID with a digit where `uuid` has one and a letter where it has one (names are checked by their first character). */
function shiftHex(uuid: string): string {
  return uuid.replace(/[0-9a-f]/g, (c) => (/\d/.test(c) ? String((Number(c) + 1) % 10) : 'abcdef'[('abcdef'.indexOf(c) + 1) % 6]!));
}

/** What B's call on an unknown value and on A's value must agree on, with ids, names and times left out. */
function normalise(outcome: Outcome, replaced: string, unknown: string): unknown {
  const text = JSON.stringify(outcome)
    .replaceAll(unknown, '<ref>')
    .replaceAll(replaced, '<ref>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/"(id|seq)":\d+/g, '"$1":0');
  return JSON.parse(text) as unknown;
}

/** What tenant A created: every value that names one of its records, and a marker in every name. */
export interface TenantRecords {
  values: string[];
  marker: string;
  jobId: string;
  topologyId: string;
}

/**
 * Tenant A's records: a topology with a draft, a pool with an allocation, a landing zone with a
 * template and an environment, a component with a published version, a stack, a deployment (with
 * journal, drift and CMDB rows), a stack instance, an event, and a running job.
 */
export async function populateTenant(engine: Engine, a: Caller): Promise<TenantRecords> {
  const marker = 'alpha';
  const topology = (await must(engine, a, 'createTopology', { name: `${marker}-office` })) as { id: string };
  await must(engine, a, 'saveTopologyDraft', { id: topology.id, baseRevision: 1, document: { schemaVersion: 1, nodes: [], wires: [] } });
  const pool = (await must(engine, a, 'createIpamPool', { name: `${marker}-pool`, cidr: '10.9.0.0/16' })) as { id: string };
  const allocation = (await must(engine, a, 'allocateIp', { pool: `${marker}-pool`, owner: `${marker}-owner` })) as { id: string };
  const zone = (await must(engine, a, 'createLandingZone', { name: `${marker}-zone`, provider: 'local' })) as { id: string };
  await must(engine, a, 'createEnvironmentTemplate', { landingZone: `${marker}-zone`, name: `${marker}-template` });
  const environment = (await must(engine, a, 'createEnvironment', { name: `${marker}-env`, landingZone: `${marker}-zone` })) as {
    id: string;
  };
  await must(engine, a, 'createComponent', {
    name: `${marker}-web`,
    provider: 'local',
    semanticType: 'Container',
    content: {
      description: 'A web server',
      code: "import * as pulumi from '@pulumi/pulumi';\nexport const url = 'http://localhost';\n",
      inputSchema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      outputSchema: { type: 'object', properties: { url: { type: 'string' } } },
      resolverBindings: { name: { resolver: 'naming' } },
    },
  });
  await must(engine, a, 'publishComponent', { name: `${marker}-web`, changelog: 'first' });
  await must(engine, a, 'createStack', { name: `${marker}-stack`, document: haWebStackDocument() });
  await must(engine, a, 'publishStack', { name: `${marker}-stack`, changelog: 'first' });
  const deploymentId = `${marker}-${randomUUID()}`;
  const instanceId = `${marker}-${randomUUID()}`;
  // What a deploy would write, written directly: no Pulumi run is needed to own these rows.
  await runInRequest({ requestId: 'populate', actor: a.id, tenant: a.tenant, clientAddress: null }, async () => {
    await engine.store.deployments.insert({
      id: deploymentId,
      environment: `${marker}-env`,
      topology: `${marker}-office`,
      nodeId: 'net',
      label: `${marker}-net`,
      component: 'local-network',
      version: 1,
      provider: 'local',
      semanticType: 'VirtualNetwork',
      stackName: `${marker}-stack-${deploymentId}`,
      owner: `deployment:${deploymentId}`,
      values: {},
    });
    await engine.store.deployments.update(deploymentId, { status: 'deployed', everDeployed: true });
    await engine.store.deployments.saveTopologyDocument(`${marker}-env`, `${marker}-office`, { schemaVersion: 1, nodes: [], wires: [] });
    await engine.store.journal.closeJournal(await engine.store.journal.openJournal(deploymentId, 'up', null), 'succeeded');
    await engine.store.drift.recordDrift(deploymentId, null, []);
    await engine.store.cmdb.upsertCmdbItem({
      id: `${marker}-ci-${deploymentId}`,
      deploymentId,
      environment: `${marker}-env`,
      name: `${marker}-net`,
      semanticType: 'VirtualNetwork',
      provider: 'local',
      providerId: null,
      urn: null,
      attributes: {},
    });
    const stack = (await engine.store.stacks.byName(`${marker}-stack`, a.tenant))!;
    await engine.store.stacks.insertInstance({
      id: instanceId,
      name: `${marker}-shop`,
      stackId: stack.id,
      version: 1,
      environment: `${marker}-env`,
      params: {},
      state: 'new',
      machineVersion: 1,
      createdAt: new Date().toISOString(),
    });
    // Its state machine runs in this process, so B's calls meet a live actor, not only a stored row.
    await engine.stackRuntime.restore();
    const live = await engine.stackRuntime.instances();
    if (!live.some(({ instance }) => instance.id === instanceId))
      throw new Error(`${marker}'s stack instance did not come alive: ${JSON.stringify(await engine.store.stacks.instance(instanceId))}`);
  });
  await must(engine, a, 'emitEvent', { type: `${marker}.happened`, instanceId, payload: {} });
  // An approval policy on the environment and a destroy waiting for it.
  await must(engine, a, 'setApprovalPolicy', { environment: `${marker}-env`, actions: ['destroy'] });
  const gated = await call(engine, a, 'startTopologyDestroy', { environment: `${marker}-env`, topology: `${marker}-office` });
  if (gated.ok || gated.error.code !== 'approval_pending')
    throw new Error(`${marker}'s destroy did not wait for approval: ${JSON.stringify(gated)}`);
  const approvalId = (gated.error as { details?: { requestId?: string } }).details?.requestId ?? '';
  // Notifications: a webhook channel (nothing listens there; this engine does not deliver), a subscription and a queued notification.
  const hook = (await must(engine, a, 'createNotificationChannel', {
    name: `${marker}-hook`,
    webhook: { url: 'http://127.0.0.1:9/alpha' },
  })) as { channel: { id: string } };
  const subscription = (await must(engine, a, 'subscribeNotifications', { eventType: 'drift.found', channel: `${marker}-hook` })) as {
    id: string;
  };
  await must(engine, a, 'subscribeNotifications', { eventType: 'drift.found', channel: 'in-app' });
  await runInRequest({ requestId: 'populate-notify', actor: a.id, tenant: a.tenant, clientAddress: null }, () =>
    engine.notifications.notify({ type: 'drift.found', values: { label: `${marker}-net` } }),
  );
  const notifications = (await must(engine, a, 'listNotifications', {})) as { id: string }[];
  // A job that runs until it is cancelled: B must not be able to stop it.
  const job = runInRequest({ requestId: 'populate-job', actor: a.id, tenant: a.tenant, clientAddress: null }, () =>
    engine.jobs.start(
      'test.wait',
      `${marker} waits`,
      (context) => new Promise((resolve) => context.signal.addEventListener('abort', () => resolve(null))),
    ),
  );
  return {
    marker,
    jobId: job.id,
    topologyId: topology.id,
    values: [
      topology.id,
      pool.id,
      allocation.id,
      zone.id,
      environment.id,
      deploymentId,
      instanceId,
      job.id,
      approvalId,
      a.tenant,
      `${marker}-office`,
      `${marker}-pool`,
      `${marker}-zone`,
      `${marker}-template`,
      `${marker}-env`,
      `${marker}-web`,
      `${marker}-stack`,
      hook.channel.id,
      `${marker}-hook`,
      subscription.id,
      ...notifications.map((n) => n.id),
    ],
  };
}

/** B's calls on A's values: each must end exactly as the same call on a value that names nothing. */
export async function sweepReferences(engine: Engine, b: Caller, records: TenantRecords): Promise<{ calls: number; methods: string[] }> {
  let calls = 0;
  const methods = new Set<string>();
  const unbuildable: string[] = [];
  for (const [method, spec] of Object.entries(contract)) {
    const input = spec.input as z.ZodType;
    if (defOf(input).type !== 'object') continue;
    const keys = Object.keys(defOf(input).shape ?? {}).filter(
      // A create's `id` is the id of the record to make (ids are unique across tenants, and refused when taken).
      (key) =>
        (ID_KEY.test(key) && !(key === 'id' && CREATES.test(method))) || (NAME_KEYS.has(key) && !(key === 'name' && CREATES.test(method))),
    );
    for (const key of keys) {
      for (const value of records.values) {
        // Of the same form (a name, a UUID), so both calls pass or fail the same format checks.
        const unknownValue = value.startsWith(records.marker)
          ? `zz${value.slice(records.marker.length)}`
          : /^[0-9a-f-]{36}$/.test(value)
            ? shiftHex(value)
            : `${value}-zz`;
        const withValue = buildInput(input, { [key]: value });
        if (!withValue) {
          // A value of another form (a name where a UUID is wanted) is refused as input, which is fine;
          // an input that cannot be built at all would leave the method unswept.
          if (!buildInput(input, { [key]: samples(defOf(input).shape![key]!)[0] })) unbuildable.push(method);
          continue;
        }
        const withUnknown = { ...withValue, [key]: unknownValue };
        methods.add(method);
        const onA = await call(engine, b, method, withValue);
        const onNothing = await call(engine, b, method, withUnknown);
        calls += 2;
        expect(normalise(onA, value, unknownValue), `${method} { ${key}: ${value} } as ${b.tenant}`).toEqual(
          normalise(onNothing, value, unknownValue),
        );
        // Echoing the value it was given is no leak; anything else of A's is.
        if (onA.ok)
          expect(JSON.stringify(onA.result).replaceAll(value, '<ref>'), `${method} returned ${records.marker}'s data`).not.toContain(
            records.marker,
          );
      }
    }
  }
  expect([...new Set(unbuildable)], 'methods whose input the sweep cannot build').toEqual([]);
  return { calls, methods: [...methods].sort() };
}

/** B's listings (every method whose input may be empty) hold nothing of A's. */
export async function sweepListings(engine: Engine, b: Caller, records: TenantRecords): Promise<string[]> {
  const listed: string[] = [];
  for (const [method, spec] of Object.entries(contract)) {
    if (!method.startsWith('list') || !(spec.input as z.ZodType).safeParse({}).success) continue;
    const outcome = await call(engine, b, method, {});
    // Users, tokens, tenants and roles live only on a shared server; the identity suite covers their scope.
    // The outbox lives only in a desktop's own data directory (a shared server has none).
    if (!outcome.ok && (outcome.error.code === 'server_only' || outcome.error.code === 'local_only')) continue;
    expect(outcome.ok, `${method} as ${b.tenant}`).toBe(true);
    const text = JSON.stringify(outcome);
    for (const value of records.values) expect(text, `${method} shows ${value}`).not.toContain(value);
    listed.push(method);
  }
  return listed;
}

/** A's records are as A left them: nothing B tried changed them. */
export async function expectUntouched(engine: Engine, a: Caller, records: TenantRecords): Promise<void> {
  expect(engine.jobs.isRunning(records.jobId), 'A’s running job').toBe(true);
  expect(await must(engine, a, 'getTopology', { id: records.topologyId })).toMatchObject({ revision: 1 });
  expect(await must(engine, a, 'getTopologyDraft', { id: records.topologyId })).not.toBeNull();
  expect(await must(engine, a, 'listIpamAllocations', { pool: `${records.marker}-pool` })).toHaveLength(1);
  expect(((await must(engine, a, 'listTopologies', {})) as unknown[]).length).toBe(1);
  expect(await must(engine, a, 'listApprovalRequests', { status: 'pending' })).toHaveLength(1);
  expect(await must(engine, a, 'getApprovalPolicy', { environment: `${records.marker}-env` })).toMatchObject({ actions: ['destroy'] });
  expect(await must(engine, a, 'listNotificationChannels', {})).toEqual([expect.objectContaining({ name: `${records.marker}-hook` })]);
  expect(await must(engine, a, 'listNotificationSubscriptions', {})).toHaveLength(2);
  expect(await must(engine, a, 'listNotifications', {})).toEqual(
    expect.arrayContaining([expect.objectContaining({ channelKind: 'webhook', status: 'pending', attempts: 0 })]),
  );
  expect(await must(engine, a, 'getUnreadNotificationCount', {})).toEqual({ count: 1 });
  engine.jobs.abort(records.jobId);
}
