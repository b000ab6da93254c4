/**
 * The replica's walk: every list the user may read on the shared server and the gets each implies
 * (every component's detail and published versions, every stack and its versions, every environment,
 * topology, deployment and stack instance, the CMDB, drift, jobs, leases), with a bounded number of
 * calls in flight. It keeps each answer as the link would have; the replica then drops the answers of
 * items the server no longer lists ({@link ITEM_ANSWERS}).
 */
import type { MethodInput, MethodOutput } from '../../api/contract.js';
import { NimbusError } from '../../errors.js';
import type { ReplicaMethod } from './replica-methods.js';

/** What the walk needs from the replica: fetch-and-keep, what is kept, and dropping. */
export interface WalkPort {
  /** Asks the server and keeps its answer; rejects with the server's error. */
  call<M extends ReplicaMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Whether an answer of an immutable read (a published version) is kept already. */
  has(method: ReplicaMethod, input: unknown): Promise<boolean>;
  /** Drops the answer of `method(input)`. */
  drop(method: ReplicaMethod, input: unknown): Promise<void>;
  readonly signal: AbortSignal;
}

/** Failures that end the walk: the server cannot be reached, or the session is over. */
const FATAL: ReadonlySet<string> = new Set(['server_unreachable', 'service_unavailable', 'disposed', 'unauthorized', 'rate_limited']);
/** Answers that say the user may not see it (any more) or it is gone: its kept answer is dropped. */
const GONE: ReadonlySet<string> = new Set(['not_found', 'forbidden']);

/** How one walk went: the soft failures it met (a read the server refused for another reason). */
export interface WalkOutcome {
  failures: { method: string; code: string; message: string }[];
}

/**
 * Kept answers that belong to one item of a list the walk reads in full, and the input member naming
 * the item: once the list was read, an answer about an item it no longer has is dropped (whatever
 * else its input says, so answers the user asked for with other inputs go too).
 */
export const ITEM_ANSWERS: readonly { method: ReplicaMethod; list: ListedBy; member: string }[] = [
  { method: 'getComponent', list: 'listComponents', member: 'name' },
  { method: 'getComponentVersion', list: 'listComponents', member: 'name' },
  { method: 'diffComponentVersions', list: 'listComponents', member: 'name' },
  { method: 'getStack', list: 'listStacks', member: 'name' },
  { method: 'listStackVersions', list: 'listStacks', member: 'name' },
  { method: 'getStackVersion', list: 'listStacks', member: 'name' },
  { method: 'getStackInterface', list: 'listStacks', member: 'name' },
  { method: 'getTopology', list: 'listTopologies', member: 'id' },
  { method: 'getTopologyDraft', list: 'listTopologies', member: 'id' },
  { method: 'exportTopology', list: 'listTopologies', member: 'id' },
  { method: 'getDeployment', list: 'listDeployments', member: 'id' },
  { method: 'getStackInstance', list: 'listStackInstances', member: 'id' },
  { method: 'listIpamAllocations', list: 'listIpamPools', member: 'pool' },
];

/** The full lists whose items other answers are about. */
export type ListedBy = 'listComponents' | 'listStacks' | 'listTopologies' | 'listDeployments' | 'listStackInstances' | 'listIpamPools';

/** The ids and names of a full list's items, from its answer. */
export function itemsOf(answer: unknown): Set<string> {
  const items = new Set<string>();
  if (!Array.isArray(answer)) return items;
  for (const item of answer as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    for (const member of ['id', 'name'] as const) {
      const value: unknown = Reflect.get(item, member);
      if (typeof value === 'string') items.add(value);
    }
  }
  return items;
}

/** Runs the walk through `port`; throws only what ends it (offline, signed out, aborted). */
export async function walkServer(port: WalkPort, clientId: string): Promise<WalkOutcome> {
  const failures: WalkOutcome['failures'] = [];
  const read = async <M extends ReplicaMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | undefined> => {
    if (port.signal.aborted) throw new NimbusError('disposed', 'The session with the server ended during the replica update');
    try {
      return await port.call(method, input);
    } catch (error) {
      if (!(error instanceof NimbusError)) throw error;
      if (FATAL.has(error.code)) throw error;
      if (GONE.has(error.code)) {
        await port.drop(method, input);
        return undefined;
      }
      failures.push({ method, code: error.code, message: error.message });
      return undefined;
    }
  };
  /** A published version never changes: read once. */
  const readOnce = async <M extends ReplicaMethod>(method: M, input: MethodInput<M>): Promise<void> => {
    if (!(await port.has(method, input))) await read(method, input);
  };

  const components = async () => {
    const list = (await read('listComponents', {})) ?? [];
    await Promise.all(
      list.map(async (component) => {
        const detail = await read('getComponent', { name: component.name });
        await Promise.all(
          (detail?.versions ?? []).map((v) => readOnce('getComponentVersion', { name: component.name, version: v.version })),
        );
      }),
    );
  };
  const stacks = async () => {
    const list = (await read('listStacks', {})) ?? [];
    await Promise.all(
      list.map(async (stack) => {
        const [, versions] = await Promise.all([read('getStack', { name: stack.name }), read('listStackVersions', { name: stack.name })]);
        await Promise.all(
          (versions ?? []).flatMap((v) => [
            readOnce('getStackVersion', { name: stack.name, version: v.version }),
            readOnce('getStackInterface', { name: stack.name, version: v.version }),
          ]),
        );
      }),
    );
  };
  const ipam = async () => {
    const pools = (await read('listIpamPools', {})) ?? [];
    await Promise.all(pools.map((pool) => read('listIpamAllocations', { pool: pool.name, scope: pool.scope })));
  };
  const topologies = async () => {
    const list = (await read('listTopologies', {})) ?? [];
    await Promise.all(list.map((topology) => read('getTopology', { id: topology.id })));
  };
  const deployments = async () => {
    const list = (await read('listDeployments', {})) ?? [];
    await Promise.all(list.map((deployment) => read('getDeployment', { id: deployment.id })));
  };
  const instances = async () => {
    const list = (await read('listStackInstances', {})) ?? [];
    await Promise.all(list.map((instance) => read('getStackInstance', { id: instance.id })));
  };
  await Promise.all([
    read('whoAmI', {}),
    read('getSystemInfo', {}),
    read('getSemanticCatalog', {}),
    read('listLandingZones', {}),
    read('listEnvironments', {}),
    read('getGovernancePolicy', {}),
    read('listDeployedTopologies', {}),
    read('listCmdbItems', {}),
    read('listDriftRecords', {}),
    read('listJobs', {}),
    read('listLeases', { client: clientId, live: true }),
    components(),
    stacks(),
    ipam(),
    topologies(),
    deployments(),
    instances(),
  ]);
  return { failures };
}
