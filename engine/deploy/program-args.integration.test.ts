import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentRun } from '../api/schemas/deployments.js';
import { deployTestEngine, node, type DeployTestEngine } from './deploy-test-support.js';

// A program reads its inputs through the typed global `args`, deployed and tried, as the editor promises.
let harness: DeployTestEngine;

const PROGRAM = `import * as pulumi from '@pulumi/pulumi';

declare const args: { name: string; count: number; tags: string[]; enabled: boolean; token: pulumi.Output<string> };

export const summary = \`\${args.name}:\${args.count + 1}:\${args.tags.join(',')}:\${args.enabled}\`;
export const token_length = args.token.apply((token) => token.length);
`;

beforeAll(async () => {
  harness = await deployTestEngine();
  await harness.call('createComponent', {
    name: 'args-reader',
    provider: 'local',
    semanticType: 'Secret',
    content: {
      description: 'reads args',
      code: PROGRAM,
      inputSchema: {
        type: 'object',
        required: ['name', 'token'],
        properties: {
          name: { type: 'string' },
          count: { type: 'integer', default: 3 },
          tags: { type: 'array', items: { type: 'string' }, default: ['a', 'b'] },
          enabled: { type: 'boolean', default: true },
          token: { type: 'string' },
        },
      },
      outputSchema: { type: 'object', properties: { summary: { type: 'string' }, token_length: { type: 'integer' } } },
      resolverBindings: { name: { resolver: 'naming' }, token: { resolver: 'secret', length: 12 } },
      secretInputs: ['token'],
    },
  });
  await harness.call('publishComponent', { name: 'args-reader', changelog: 'first' });
});
afterAll(async () => {
  await harness?.dispose();
});

describe('the typed args global', () => {
  it('gives a deployed program its inputs with their JSON types, secrets as secret Outputs', { timeout: 180_000 }, async () => {
    const { jobId } = await harness.call('startDeployment', {
      environment: 'dev',
      name: 'args',
      document: { schemaVersion: 1, nodes: [node('reader', 'args-reader@1', { count: 41 })], wires: [] },
    });
    const job = await harness.settled(jobId);
    expect(job.error).toBeNull();
    const outputs = (job.result as DeploymentRun).nodes[0]!.outputs;
    expect(outputs.summary).toMatch(/^dev-args-reader-01:42:a,b:true$/);
    expect(outputs.token_length).toBe('[secret]');
    const { jobId: destroyJob } = await harness.call('startTopologyDestroy', { environment: 'dev', topology: 'args' });
    expect((await harness.settled(destroyJob)).error).toBeNull();
  });

  it('gives a program tried under mocks the same args', { timeout: 60_000 }, async () => {
    const result = await harness.call('tryComponent', { name: 'args-reader', params: { name: 'x', token: 'abc', count: 1 } });
    expect(result.error).toBeNull();
    expect(result.outputs).toMatchObject({ summary: 'x:2:a,b:true', token_length: 3 });
  });
});
