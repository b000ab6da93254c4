import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine.js';
import { NimbusError } from '../errors.js';
import { createTestEngine, type TestEngine } from '../test-support/test-engine.js';

let made: TestEngine;
let engine: Engine;
const call = async (method: 'tryComponent' | 'getEditorTypings', input: object) => {
  const outcome = await engine.dispatcher.dispatch(method, input as never);
  if (!outcome.ok) throw new NimbusError(outcome.error.code, outcome.error.message, outcome.error.details);
  return outcome.result as Record<string, unknown>;
};

beforeAll(async () => {
  made = await createTestEngine();
  engine = made.engine;
});
afterAll(() => made.dispose());

describe('tryComponent', () => {
  it('runs a built-in program under mocks and lists the resources it would create, touching nothing', { timeout: 60_000 }, async () => {
    const result = await call('tryComponent', { name: 'local-storage', version: 1, params: { name: 'data-01', size_mb: 16 } });
    expect(result).toMatchObject({ ok: true, error: null });
    const resources = result.resources as { type: string; name: string; inputs: Record<string, unknown> }[];
    const disk =
      resources.find((resource) => resource.name === 'disk') ?? resources.find((resource) => resource.type !== 'pulumi:pulumi:Stack');
    expect(disk?.inputs).toMatchObject({ name: 'data-01', size_mb: 16, __provider: '[serialized provider]' });
  });

  it('reports a syntax error with its line, and a thrown error with the program line', { timeout: 60_000 }, async () => {
    const broken = await call('tryComponent', {
      name: 'local-storage',
      code: "import * as pulumi from '@pulumi/pulumi';\nconst x = ;\n",
      params: {},
    });
    expect(broken).toMatchObject({ ok: false, error: { line: 2 } });
    const throwing = await call('tryComponent', {
      name: 'local-storage',
      code: "import * as pulumi from '@pulumi/pulumi';\nconst config = new pulumi.Config();\nconsole.log('starting');\nconfig.require('missing_key');\n",
      params: {},
    });
    expect(throwing).toMatchObject({ ok: false, logs: ['starting'], error: { line: 4, message: expect.stringContaining('missing_key') } });
  });
});

describe('getEditorTypings', () => {
  it('offers the Pulumi SDK declarations, and a provider SDK for its provider', async () => {
    const pulumiOnly = (await call('getEditorTypings', {})).files as { path: string }[];
    expect(pulumiOnly.some((file) => file.path === 'file:///node_modules/@pulumi/pulumi/index.d.ts')).toBe(true);
    expect(pulumiOnly.some((file) => file.path === 'file:///node_modules/@pulumi/pulumi/package.json')).toBe(true);
    const proxmox = (await call('getEditorTypings', { provider: 'proxmox' })).files as { path: string }[];
    expect(proxmox.some((file) => file.path.startsWith('file:///node_modules/@muhlba91/pulumi-proxmoxve/'))).toBe(true);
  });
});
