import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type * as pulumi from '@pulumi/pulumi';
import { resourcesDir } from '../../../paths.js';
import type { MockRun } from '../../testing/run-with-mocks.js';

/**
 * The provider interface as the local components implement it: every method present, `create` and
 * `update` always returning their outputs, `check` always listing its failures (possibly none).
 * Narrower than Pulumi's own `ResourceProvider`, whose members are all optional.
 */
export interface LocalProvider<Inputs, Outputs> {
  check(olds: Inputs, news: Inputs): Promise<{ inputs: Inputs; failures: { property: string; reason: string }[] }>;
  create(inputs: Inputs): Promise<{ id: string; outs: Outputs }>;
  read(id: string, props: Outputs): Promise<{ id: string; props?: Outputs }>;
  diff(id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult>;
  update(id: string, olds: Outputs, news: Inputs): Promise<{ outs: Outputs }>;
  delete(id: string, props: Outputs): Promise<void>;
}

/** The folder of a built-in component, where its component.yaml and program live. */
export function componentDir(name: string): string {
  return path.join(resourcesDir(), 'components', name);
}

/**
 * Turns the `__provider` text of a dynamic resource back into the provider object, the way Pulumi's
 * dynamic-provider host does (`requireFromString(text).handler()`). Tests of the local provider call
 * this object, so they exercise exactly the serialized code a deploy ships, not a re-import of it:
 * a provider that captures something it cannot carry fails here as it would under `pulumi up`.
 */
export function loadSerializedProvider<Inputs, Outputs>(text: string): LocalProvider<Inputs, Outputs> {
  // Sloppy mode on purpose: the serialized closures use `with` blocks.
  const wrapper = vm.runInThisContext(`(function (exports, require, module) {\n${text}\n})`, {
    filename: 'serialized-dynamic-provider.js',
  }) as (exports: object, require: NodeJS.Require, module: { exports: { handler?: () => unknown } }) => void;
  const module: { exports: { handler?: () => unknown } } = { exports: {} };
  // eslint-disable-next-line layers/imports -- the serialized provider gets the require a provider host gives it, as under `pulumi up`.
  wrapper(module.exports, createRequire(import.meta.url), module);
  if (typeof module.exports.handler !== 'function') throw new Error('the serialized provider exports no handler');
  const provider = module.exports.handler() as Record<string, unknown>;
  const missing = ['check', 'create', 'read', 'diff', 'update', 'delete'].filter((method) => typeof provider[method] !== 'function');
  if (missing.length > 0) throw new Error(`the serialized provider lacks ${missing.join(', ')}`);
  return provider as unknown as LocalProvider<Inputs, Outputs>;
}

/** The one dynamic resource a local program registers: its type, its inputs (without `__provider`) and its live provider. */
export function dynamicResource<Inputs, Outputs>(
  run: MockRun,
): {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  provider: LocalProvider<Inputs, Outputs>;
  /** The serialized provider, for loading it elsewhere (another thread). */
  serialized: string;
} {
  const dynamic = run.resources.filter((resource) => resource.type.startsWith('pulumi-nodejs:dynamic'));
  if (dynamic.length !== 1) throw new Error(`expected one dynamic resource, the program registered ${dynamic.length}`);
  const { __provider: serialized, ...inputs } = dynamic[0]!.inputs;
  if (typeof serialized !== 'string') throw new Error('the dynamic resource carries no serialized provider');
  return {
    type: dynamic[0]!.type,
    name: dynamic[0]!.name,
    inputs,
    provider: loadSerializedProvider<Inputs, Outputs>(serialized),
    serialized,
  };
}
