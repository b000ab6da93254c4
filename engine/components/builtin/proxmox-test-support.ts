import path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { expect } from 'vitest';
import { resourcesDir } from '../../paths.js';
import { loadComponentManifest, type ComponentManifest } from '../component-manifest.js';
import { compileValidator, type JsonSchema } from '../json-schema.js';
import type { MockRun, MockedResource } from '../testing/run-with-mocks.js';

/** Stack config every Proxmox program reads besides its inputs: the API connection. */
export const proxmoxConnection = {
  proxmox_endpoint: 'https://pve.lab.example:8006/',
  proxmox_api_token: 'nimbus@pve!deploy=3f1c2a9e-5b7d-4c1e-9a0b-8d6e4f2c1a7b',
  proxmox_insecure: true,
};
/** Passed as secret config, as the deployer does, so tests see the token arrive still secret. */
export const connectionSecretKeys = ['proxmox_api_token'];

/** A built-in component folder under resources/components, fully checked by the manifest loader. */
export function loadProxmoxComponent(name: string): ComponentManifest {
  return loadComponentManifest(path.join(resourcesDir(), 'components', name));
}

/**
 * What pre-resolution would hand the program: schema defaults overlaid with `values`, checked
 * against the input schema so a test can never feed a program config its contract would refuse.
 */
export function resolvedInputs(
  manifest: ComponentManifest,
  values: Record<string, unknown>,
): Record<string, string | number | boolean | object> {
  const properties = (manifest.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const defaults = Object.fromEntries(
    Object.entries(properties).flatMap(([key, property]) => (property.default === undefined ? [] : [[key, property.default]])),
  );
  const inputs = { ...defaults, ...values };
  expect(compileValidator(manifest.inputSchema)(inputs)).toEqual([]);
  return inputs as Record<string, string | number | boolean | object>;
}

/** The outputs checked against the component's output schema. */
export function expectOutputsMatchSchema(manifest: ComponentManifest, run: MockRun): void {
  const outputs = (manifest.outputSchema.properties ?? {}) as Record<string, JsonSchema>;
  expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(outputs).sort());
  expect(compileValidator(manifest.outputSchema)(run.outputs)).toEqual([]);
}

/** The one resource of `type` the program declared. */
export function onlyResource(run: MockRun, type: string): MockedResource {
  const found = run.resources.filter((resource) => resource.type === type);
  expect(found, `resources of type ${type}`).toHaveLength(1);
  return found[0]!;
}

/** The program builds one explicit provider from stack config (not from PROXMOX_VE_* variables). */
export function expectExplicitProvider(run: MockRun): void {
  const provider = onlyResource(run, 'pulumi:providers:proxmoxve');
  expect(provider.name).toBe('proxmox');
  expect(provider.inputs).toEqual({
    endpoint: proxmoxConnection.proxmox_endpoint,
    // The token reaches the provider still marked secret.
    apiToken: { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: proxmoxConnection.proxmox_api_token },
    // The SDK passes non-string provider settings JSON-encoded.
    insecure: 'true',
  });
}
