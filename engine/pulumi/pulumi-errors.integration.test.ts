import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterHarness, writeProgram, type AdapterHarness } from './adapter-test-support.js';
import { exportStackState, PulumiOperationError, runStackOperation, type StackTarget } from './automation-adapter.js';

// Each failure the adapter classifies, made to happen for real: Pulumi CLI v3.259, its Node.js
// language host and the fixtures' programs, file:// backend.
let harness: AdapterHarness;
beforeAll(async () => {
  harness = await createAdapterHarness('nimbus-adapter-errors-');
});
afterAll(() => harness?.remove());

/** The error `work` rejects with, which must be a PulumiOperationError. */
async function failure(work: Promise<unknown>): Promise<PulumiOperationError> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PulumiOperationError);
  return error as PulumiOperationError;
}

describe('Pulumi failures classified from the real CLI', () => {
  it('pulumi_compile_error: names the file, line and TypeScript message', { timeout: 180_000 }, async () => {
    const error = await failure(runStackOperation(harness.target('broken', 'compile', { replicas: '3' }), 'preview'));
    expect(error.code).toBe('pulumi_compile_error');
    expect(error.details).toMatchObject({ file: 'index.ts', line: 7, column: 7, tsCode: 'TS2322' });
    expect(error.message).toBe("The program does not compile: index.ts:7:7 Type 'string' is not assignable to type 'number'. (TS2322)");
  });

  it('pulumi_program_error: includes what the program threw and where', { timeout: 180_000 }, async () => {
    const target = harness.target('files', 'throws', {
      dir: harness.filesDir('throws'),
      programError: 'the program refused: missing widget',
    });
    const error = await failure(runStackOperation(target, 'up'));
    expect(error.code).toBe('pulumi_program_error');
    expect(error.message).toMatch(
      /^The program failed while running: Error: the program refused: missing widget \(at index\.ts:\d+:\d+\)$/,
    );
    expect(error.details).toMatchObject({ program: path.join(target.workDir, 'index.ts'), file: path.join(target.workDir, 'index.ts') });
    await runStackOperation(target, 'destroy');
  });

  it("pulumi_provider_error: names the resource's URN and gives the provider's message", { timeout: 180_000 }, async () => {
    const dir = harness.filesDir('refuses');
    const target = harness.target('files', 'refuses', { dir, count: '1', failOn: 'create' });
    const error = await failure(runStackOperation(target, 'up'));
    expect(error.code).toBe('pulumi_provider_error');
    expect(error.details.urn).toBe('urn:pulumi:refuses::nimbus-adapter-files::pulumi-nodejs:dynamic:Resource::file-0');
    expect(error.message).toBe(
      `The provider failed on file-0 (pulumi-nodejs:dynamic:Resource): file provider refused to create ${dir}/file-0.txt: failOn=create`,
    );

    // The same for a delete: deploy without failing, then make the recorded resource refuse its destroy.
    await runStackOperation(harness.target('files', 'refuses', { failOn: '' }), 'up');
    await runStackOperation(harness.target('files', 'refuses', { failOn: 'delete' }), 'up');
    const destroy = await failure(runStackOperation(target, 'destroy'));
    expect(destroy).toMatchObject({ code: 'pulumi_provider_error', details: { urn: error.details.urn, operation: 'destroy' } });
    expect(destroy.message).toContain('file provider refused to delete');
    await runStackOperation(harness.target('files', 'refuses', { failOn: '' }), 'up');
    await runStackOperation(target, 'destroy');
  });

  it('pulumi_plugin_missing: says which resource plugin is missing and how to install it', { timeout: 180_000 }, async () => {
    // No download attempt: the machine is offline anyway, and the failure comes at once.
    const target = harness.target('missing-plugin', 'no-plugin', {}, { extraEnv: { PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true' } });
    const error = await failure(runStackOperation(target, 'preview'));
    expect(error.code).toBe('pulumi_plugin_missing');
    expect(error.details).toMatchObject({ kind: 'resource', plugin: 'nimbusmissing', version: '1.2.3' });
    expect(error.message).toContain(`\`PULUMI_HOME=${target.pulumiHome} pulumi plugin install resource nimbusmissing 1.2.3\``);
  });

  it('pulumi_plugin_missing: says which language plugin a Pulumi.yaml runtime needs', { timeout: 180_000 }, async () => {
    const base = harness.target('files', 'python');
    writeProgram(base.workDir, { 'Pulumi.yaml': 'name: nimbus-adapter-python\nruntime: python\n' });
    const error = await failure(runStackOperation(base, 'preview'));
    expect(error).toMatchObject({ code: 'pulumi_plugin_missing', details: { kind: 'language', plugin: 'python' } });
    expect(error.message).toMatch(
      /^The Pulumi language plugin "python" is not installed; install it with `.*pulumi plugin install language python`/,
    );
  });

  it('pulumi_cli_missing: the CLI cannot be spawned', { timeout: 60_000 }, async () => {
    const target: StackTarget = {
      ...harness.target('files', 'no-cli'),
      cli: { ...harness.cli, binDir: path.join(harness.dir, 'absent', 'bin') },
    };
    const error = await failure(runStackOperation(target, 'preview'));
    expect(error.code).toBe('pulumi_cli_missing');
    expect(error.message).toContain(`pulumi not found in ${path.join(harness.dir, 'absent', 'bin')}`);
    expect(error.message).toContain('scripts/ensure-pulumi');
  });

  it('pulumi_stack_not_found: housekeeping on a stack that was never created', { timeout: 60_000 }, async () => {
    const error = await failure(exportStackState(harness.target('files', 'never')));
    expect(error).toMatchObject({
      code: 'pulumi_stack_not_found',
      message: 'The Pulumi stack "never" does not exist in this backend',
      details: { stack: 'never', operation: 'export' },
    });
  });
});
