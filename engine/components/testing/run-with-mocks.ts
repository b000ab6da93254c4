import { pathToFileURL } from 'node:url';
import * as pulumi from '@pulumi/pulumi';

/** A resource the program registered, as the mock engine saw it. */
export interface MockedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

export interface MockRun {
  resources: MockedResource[];
  /** The program's exports with every Output resolved. */
  outputs: Record<string, unknown>;
}

/**
 * Runs a component program under Pulumi mocks (no CLI, no cloud): `config` becomes the stack
 * configuration (`project:key`), every resource registration is recorded, and exported Outputs are
 * resolved. Mocked resources echo their inputs as state plus whatever `state` adds for their type.
 * One run per test file: the Pulumi runtime is process-global.
 */
export async function runWithMocks(
  programFile: string,
  options: {
    project: string;
    config: Record<string, string | number | boolean | object>;
    secretKeys?: string[];
    state?: (resource: MockedResource) => Record<string, unknown>;
  },
): Promise<MockRun> {
  const resources: MockedResource[] = [];
  const qualified = (key: string) => `${options.project}:${key}`;
  pulumi.runtime.setAllConfig(
    Object.fromEntries(
      Object.entries(options.config).map(([key, value]) => [qualified(key), typeof value === 'string' ? value : JSON.stringify(value)]),
    ),
    (options.secretKeys ?? []).map(qualified),
  );
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const resource = { type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> };
        resources.push(resource);
        return { id: `${args.name}-id`, state: { ...args.inputs, ...(options.state?.(resource) ?? {}) } };
      },
      call(args) {
        return args.inputs;
      },
    },
    options.project,
    'test',
    false,
  );
  // eslint-disable-next-line layers/imports -- the component program under test, a file chosen by the caller, loaded fresh each run.
  const module = (await import(`${pathToFileURL(programFile).href}?run=${Date.now()}`)) as Record<string, unknown>;
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(module)) {
    outputs[key] = pulumi.Output.isInstance(value) ? await new Promise((resolve) => value.apply(resolve)) : value;
  }
  return { resources, outputs };
}
