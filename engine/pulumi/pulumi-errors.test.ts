import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyFailure, type PulumiDiagnostic, type RawPulumiFailure } from './pulumi-errors.js';

// The CLI's stderr and the error diagnostics it streamed, captured from Pulumi CLI v3.259 failures
// (the integration tests make the same failures happen for real).
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'cli-output');

function captured(name: string, kind: RawPulumiFailure['kind'] = 'command'): [RawPulumiFailure, PulumiDiagnostic[]] {
  const diagnosticsFile = path.join(fixtures, `${name}.diagnostics.json`);
  const diagnostics = existsSync(diagnosticsFile) ? (JSON.parse(readFileSync(diagnosticsFile, 'utf8')) as PulumiDiagnostic[]) : [];
  return [{ kind, text: readFileSync(path.join(fixtures, `${name}.txt`), 'utf8') }, diagnostics];
}

describe('classifyFailure on real CLI output', () => {
  it('names the file, line, column and TypeScript message of a program that does not compile', () => {
    const [raw, diagnostics] = captured('compile-error');
    const error = classifyFailure(raw, 'preview', { diagnostics });
    expect(error.code).toBe('pulumi_compile_error');
    expect(error.details).toMatchObject({ file: 'index.ts', line: 7, column: 7, tsCode: 'TS2322' });
    expect(error.details.errors).toHaveLength(1);
    expect(error.message).toBe("The program does not compile: index.ts:7:7 Type 'string' is not assignable to type 'number'. (TS2322)");
    // The same from the CLI's text alone.
    expect(classifyFailure(raw, 'preview').details).toMatchObject({ file: 'index.ts', line: 7, column: 7 });
  });

  it('reads the tsc --pretty form too, and counts further errors', () => {
    const text = 'src/app.ts:12:5 - error TS2322: Type mismatch.\nsrc/app.ts:20:1 - error TS2304: Cannot find name x.\n';
    const error = classifyFailure({ kind: 'command', text }, 'up');
    expect(error.code).toBe('pulumi_compile_error');
    expect(error.details).toMatchObject({ file: 'src/app.ts', line: 12, column: 5 });
    expect(error.message).toContain('src/app.ts:12:5 Type mismatch. (TS2322) (and 1 more error)');
  });

  it('reports what a program threw and where, from the diagnostics or from the colored CLI text', () => {
    const [raw, diagnostics] = captured('program-error');
    for (const error of [classifyFailure(raw, 'up', { diagnostics }), classifyFailure(raw, 'up')]) {
      expect(error.code).toBe('pulumi_program_error');
      expect(error.message).toBe('The program failed while running: Error: the program refused: missing widget (at index.ts:66:25)');
      expect(error.details).toMatchObject({ error: 'Error: the program refused: missing widget', line: 66, column: 25 });
    }
  });

  it("names the resource whose provider failed, with the provider's message", () => {
    const [raw, diagnostics] = captured('provider-error');
    const error = classifyFailure(raw, 'up', { diagnostics });
    expect(error.code).toBe('pulumi_provider_error');
    expect(error.details.urn).toMatch(/^urn:pulumi:dev::nimbus-adapter-files::pulumi-nodejs:dynamic:Resource::file-[01]$/);
    expect(error.details.resourceType).toBe('pulumi-nodejs:dynamic:Resource');
    expect(error.message).toMatch(
      /^The provider failed on file-[01] \(pulumi-nodejs:dynamic:Resource\): file provider refused to create .*file-[01]\.txt: failOn=create \(1 more resource failed too\)$/,
    );
  });

  it('says which plugin is missing and how to install it', () => {
    const [language] = captured('language-plugin-missing');
    const python = classifyFailure(language, 'preview', { pulumiHome: '/data/pulumi/home' });
    expect(python.code).toBe('pulumi_plugin_missing');
    expect(python.details).toMatchObject({ kind: 'language', plugin: 'python' });
    expect(python.message).toContain('`PULUMI_HOME=/data/pulumi/home pulumi plugin install language python`');

    for (const name of ['resource-plugin-missing', 'resource-plugin-download-failed']) {
      const [raw, diagnostics] = captured(name);
      const error = classifyFailure(raw, 'preview', { diagnostics });
      // Its diagnostic names a provider resource; still a missing plugin, not a provider failure.
      expect(error.code).toBe('pulumi_plugin_missing');
      expect(error.details).toMatchObject({ kind: 'resource', plugin: 'nimbusmissing', version: '1.2.3' });
      expect(error.message).toContain('`pulumi plugin install resource nimbusmissing 1.2.3`');
    }

    const host = classifyFailure(
      { kind: 'command', text: "error: no language plugin 'pulumi-language-nodejs' found in the workspace or on your $PATH" },
      'up',
    );
    expect(host.message).toContain('scripts/ensure-pulumi');
  });

  it('reports a locked stack with who holds the lock', () => {
    const [raw] = captured('concurrent-update', 'concurrent-update');
    const error = classifyFailure(raw, 'up', { stackName: 'dev' });
    expect(error.code).toBe('pulumi_concurrent_update');
    expect(error.details.holders).toEqual([
      { username: expect.any(String), hostname: expect.any(String), pid: expect.any(Number), since: expect.stringMatching(/^\d{4}-/) },
    ]);
    expect(error.message).toMatch(/^Stack "dev" is locked by another update \(\S+@\S+, pid \d+, since \S+\), so up cannot start\./);
    expect(error.message).toContain('cancel the stale update');
    // Recognised from the text too, when the SDK did not say.
    expect(classifyFailure({ ...raw, kind: 'command' }, 'refresh').code).toBe('pulumi_concurrent_update');
  });

  it('recognises a missing stack and a stack that still has resources', () => {
    const [missing] = captured('stack-not-found', 'stack-not-found');
    expect(classifyFailure(missing, 'export')).toMatchObject({
      code: 'pulumi_stack_not_found',
      message: 'The Pulumi stack "nope" does not exist in this backend',
    });
    const [notEmpty] = captured('stack-not-empty');
    expect(classifyFailure(notEmpty, 'remove')).toMatchObject({ code: 'pulumi_stack_not_empty', details: { stack: 'dev' } });
  });

  it('reports a CLI that cannot be spawned in the words of locatePulumiCli', () => {
    const text = 'Command failed with ENOENT: /nowhere/bin/pulumi version\nspawn /nowhere/bin/pulumi ENOENT';
    const error = classifyFailure({ kind: 'command', text, errno: 'ENOENT' }, 'up');
    expect(error.code).toBe('pulumi_cli_missing');
    expect(error.message).toContain('pulumi not found in /nowhere/bin');
    expect(error.message).toContain('scripts/ensure-pulumi');
    // ENOENT for a binary that exists means a missing working directory, not a missing CLI.
    const cwd = classifyFailure({ kind: 'command', text: `spawn ${process.execPath} ENOENT`, errno: 'ENOENT' }, 'up');
    expect(cwd.code).toBe('pulumi_failed');
  });

  it('falls back to pulumi_failed with the error lines, without the command line', () => {
    const error = classifyFailure(
      { kind: 'command', text: 'Command failed with exit code 255: /x/pulumi up --yes\nerror: something odd\n' },
      'up',
    );
    expect(error).toMatchObject({ code: 'pulumi_failed', message: 'pulumi up failed: error: something odd' });
  });
});

describe('classifyFailure of a killed CLI', () => {
  it('says the stack may be left locked and what to do', () => {
    const text = 'Command was killed with SIGKILL (Forced termination): /x/pulumi up --yes\nUpdating (dev):\n';
    expect(classifyFailure({ kind: 'command', text }, 'up')).toMatchObject({
      code: 'pulumi_failed',
      message: expect.stringContaining('pulumi up was killed (SIGKILL) before it finished; the stack may still be locked'),
      details: { signal: 'SIGKILL' },
    });
  });
});

describe('classifyFailure of several errors at once', () => {
  it('keeps the numbered errors that follow the count', () => {
    const text = [
      'Command failed with exit code 1: /x/pulumi stack import --file /tmp/automation-412175 --stack b --non-interactive',
      'error: 4 errors occurred:',
      "    1) resource 'urn:pulumi:a::p::pulumi:pulumi:Stack::p-a' is from a different stack (a != b)",
      "    2) resource 'urn:pulumi:a::p::pulumi:providers:pulumi-nodejs::default' is from a different stack (a != b)",
      "    3) resource 'urn:pulumi:a::p::pulumi-nodejs:dynamic:Resource::file-0' is from a different stack (a != b)",
      '    4) importing this file could be dangerous; rerun with --force to proceed anyway',
    ].join('\n');
    expect(classifyFailure({ kind: 'command', text }, 'import').message).toBe(
      "pulumi import failed: error: 4 errors occurred: | 1) resource 'urn:pulumi:a::p::pulumi:pulumi:Stack::p-a' is from a different stack (a != b) | " +
        "2) resource 'urn:pulumi:a::p::pulumi:providers:pulumi-nodejs::default' is from a different stack (a != b) | " +
        "3) resource 'urn:pulumi:a::p::pulumi-nodejs:dynamic:Resource::file-0' is from a different stack (a != b)",
    );
  });
});

describe('classifyFailure: a program that throws inside an apply', () => {
  it('is a program error naming the thrown message and the program line', () => {
    const diagnostics = [
      {
        message:
          'Error: program failed after creating marker-1\n    at /tmp/work/x/index.ts:38:17\n    at applyHelperAsync (/app/node_modules/@pulumi/output.ts:519:31)',
      },
    ];
    const error = classifyFailure({ kind: 'command', text: 'code: 255\n stderr: error: update failed' }, 'up', { diagnostics });
    expect(error.code).toBe('pulumi_program_error');
    expect(error.message).toBe('The program failed while running: program failed after creating marker-1 (at index.ts:38:17)');
    expect(error.details).toMatchObject({ line: 38, column: 17 });
  });

  it('is a program error when an inline program throws it (the server says `Unhandled exception:` first)', () => {
    const diagnostics = [
      {
        message:
          'Unhandled exception: Error: program failed after creating marker-1\n    at /tmp/work/x/index.ts:38:17\n    at applyHelperAsync (/app/node_modules/@pulumi/output.ts:519:31)',
      },
    ];
    const text =
      'code: 255\n stderr: error: Unhandled exception: Error: program failed after creating marker-1\nerror: One or more errors occurred';
    const error = classifyFailure({ kind: 'command', text }, 'up', { diagnostics });
    expect(error.code).toBe('pulumi_program_error');
    expect(error.message).toBe('The program failed while running: program failed after creating marker-1 (at index.ts:38:17)');
  });

  it('leaves a diagnostic on another resource to the other rules', () => {
    const diagnostics = [{ urn: 'urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource::disk', message: 'Error: disk full' }];
    expect(classifyFailure({ kind: 'command', text: 'code: 255' }, 'up', { diagnostics }).code).not.toBe('pulumi_program_error');
  });
});
