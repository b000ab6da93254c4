import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterHarness, type AdapterHarness } from './adapter-test-support.js';
import { readStackOutputs, runStackOperation, type StackTarget } from './automation-adapter.js';

// How many times the adapter starts the Pulumi CLI for an operation, counted by a `pulumi` that logs
// its arguments before running the real one (Pulumi CLI v3.259, file:// backend).
let harness: AdapterHarness;
let log: string;
let binDir: string;
beforeAll(async () => {
  harness = await createAdapterHarness('nimbus-adapter-calls-');
  binDir = path.join(harness.dir, 'logging-cli', 'bin');
  log = path.join(harness.dir, 'cli-calls.log');
  mkdirSync(binDir, { recursive: true });
  const shim = path.join(binDir, 'pulumi');
  writeFileSync(shim, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${harness.cli.command}' "$@"\n`);
  chmodSync(shim, 0o755);
  for (const name of ['pulumi-language-nodejs', 'pulumi-resource-pulumi-nodejs'])
    symlinkSync(path.join(harness.cli.binDir, name), path.join(binDir, name));
});
afterAll(() => harness?.remove());

/** The commands run since the last call (`stack select`, `up`, …: the words before the first flag). */
function commandsRun(): string[] {
  if (!existsSync(log)) return [];
  const lines = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  writeFileSync(log, '');
  return lines.map((line) => {
    const words = line.split(' ');
    const flag = words.findIndex((word) => word.startsWith('-'));
    return (flag < 0 ? words : words.slice(0, flag)).join(' ');
  });
}

describe('Pulumi CLI runs per operation', () => {
  it(
    'an up creates the stack once, passes plain config with the operation, secrets through config set-all, and reads outputs from the update itself',
    { timeout: 240_000 },
    async () => {
      const base = harness.target('files', 'calls', { dir: harness.filesDir('calls'), count: '2', token: 'shh' });
      const target: StackTarget = {
        ...base,
        cli: { ...base.cli, binDir, command: path.join(binDir, 'pulumi') },
        config: { ...base.config, token: { value: 'shh', secret: true } },
      };

      const first = await runStackOperation(target, 'up');
      // `version` once per CLI and process; no `stack init` after a failed `stack select`, no `stack output` or `stack history` after the update.
      expect(commandsRun()).toEqual(['version', 'stack select', 'config set-all', 'up']);
      expect(first.outputs).toEqual({
        paths: [path.join(harness.filesDir('calls'), 'file-0.txt'), path.join(harness.filesDir('calls'), 'file-1.txt')],
        token: '[secret]',
      });
      expect(first.changes).toMatchObject({ create: 3 });

      // Plain values went with the update; the secret was encrypted by Pulumi.
      const settings = readFileSync(path.join(target.workDir, `Pulumi.${target.stackName}.yaml`), 'utf8');
      expect(settings).toMatch(/count: "2"/);
      expect(settings).toMatch(/token:\s+secure: /);
      expect(settings).not.toContain('shh');

      // The stack is set up: no `stack select` any more.
      const again = await runStackOperation(target, 'up');
      expect(commandsRun()).toEqual(['config set-all', 'up']);
      expect(again.outputs).toEqual(first.outputs);
      expect(again.changes).toMatchObject({ same: 3 });
      // The outputs the CLI itself reports are the ones taken from the update's events.
      expect(await readStackOutputs(target)).toEqual(first.outputs);
      commandsRun();

      // Without secrets, the operation is the only CLI run.
      await runStackOperation({ ...target, config: base.config }, 'destroy');
      expect(commandsRun()).toEqual(['destroy']);
    },
  );
});
