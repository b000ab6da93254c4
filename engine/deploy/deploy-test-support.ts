import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MethodInput, MethodName, MethodOutput } from '../api/contract.js';
import type { Job, JobEvent } from '../api/schemas/jobs.js';
import type { TopologyDocument } from '../api/schemas/topology.js';
import type { Engine } from '../engine.js';
import { NimbusError } from '../errors.js';
import { createTestEngine } from '../test-support/test-engine.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__');

/** An engine on a fresh data directory with a `local` landing zone, an IPAM pool and environment `dev`. */
export async function deployTestEngine(options: { concurrency?: number } = {}) {
  const made = await createTestEngine(options.concurrency ? { deploy: { concurrency: options.concurrency } } : {});
  const engine: Engine = made.engine;
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const outcome = await engine.dispatcher.dispatch(method, input);
    if (!outcome.ok) throw new NimbusError(outcome.error.code, outcome.error.message, outcome.error.details);
    return outcome.result as MethodOutput<M>;
  };
  await call('createIpamPool', { name: 'lab', cidr: '10.44.0.0/16' });
  await call('createLandingZone', {
    name: 'local-zone',
    provider: 'local',
    resolverConfig: { ipam: { pool: 'lab' }, naming: { pattern: '{env}-{component}-{seq:02d}' } },
  });
  await call('createEnvironment', { name: 'dev', landingZone: 'local-zone' });
  const events: JobEvent[] = [];
  engine.onJobEvent((event) => events.push(event));
  return {
    engine,
    dataDir: made.dataDir,
    localRoot: path.join(made.dataDir, 'local', 'dev'),
    call,
    events,
    /** Waits for a job and returns its final record. */
    settled: (jobId: string): Promise<Job> => engine.jobs.settled(jobId),
    eventsOf: (jobId: string) => events.filter((event) => event.jobId === jobId),
    /** Disposes the engine and removes its data, failing on anything it left running. */
    dispose: () => made.dispose(),
  };
}

export type DeployTestEngine = Awaited<ReturnType<typeof deployTestEngine>>;

/** Publishes a local test component whose program is one of `__fixtures__/*.program`. */
export async function publishFixtureComponent(
  harness: DeployTestEngine,
  name: string,
  program: 'half-failing' | 'does-not-compile' | 'throws-after-create',
): Promise<string> {
  await harness.call('createComponent', {
    name,
    provider: 'local',
    semanticType: 'BlockStorage',
    content: {
      description: `test component ${program}`,
      code: readFileSync(path.join(fixtures, `${program}.program`), 'utf8'),
      inputSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, network_id: { type: 'string' } } },
      outputSchema: { type: 'object', properties: { marker_id: { type: 'string' } } },
      resolverBindings: { name: { resolver: 'naming' } },
    },
  });
  await harness.call('publishComponent', { name, changelog: 'test' });
  return `${name}@1`;
}

/** A node of a test topology. */
export function node(
  id: string,
  component: string,
  params: Record<string, unknown> = {},
  dependsOn?: string[],
): TopologyDocument['nodes'][number] {
  return { id, label: id, component, position: { x: 0, y: 0 }, params, ...(dependsOn ? { dependsOn } : {}) };
}

/** A wire from `source.port` to `target.port`. */
export function wire(source: string, sourcePort: string, target: string, targetPort: string): TopologyDocument['wires'][number] {
  return {
    id: `${source}.${sourcePort}-${target}.${targetPort}`,
    source: { node: source, port: sourcePort },
    target: { node: target, port: targetPort },
  };
}
