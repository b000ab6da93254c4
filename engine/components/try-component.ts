import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TryComponentResult } from '../api/schemas/try-component.js';
import { resourcesDir } from '../paths.js';
import { linkPackages, PROGRAM_BASE_PACKAGES } from '../pulumi/program-packages.js';
import type { JsonSchema } from './json-schema.js';

/** What a try run needs of a component: its program and contract. */
export interface TryInput {
  component: string;
  code: string;
  inputSchema: JsonSchema;
  secretInputs: string[];
  params: Record<string, unknown>;
  /** Extra config the engine supplies (the local provider's root directory). */
  extraConfig?: Record<string, string>;
}

const TIMEOUT_MS = 30_000;

/** Where in `index.ts` an error happened, from a (source-mapped) stack trace. */
function programLocation(stack: string): { line: number; column: number } | null {
  const match = /index\.ts:(\d+):(\d+)/.exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
}

/**
 * Runs a component program under Pulumi mocks and reports the resources it registers: no CLI, no
 * cloud, nothing real touched (mocked resources never reach a provider). The program is transpiled
 * here (syntax errors come back with their line) and run in a child process of its own, because the
 * Pulumi runtime is process-global; a run that does not finish in 30 s is stopped.
 */
export async function tryComponent(input: TryInput): Promise<TryComponentResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // Loaded on first use: the compiler is large, and most engine processes never try a component.
  const { default: ts } = await import('typescript');
  const compiled = ts.transpileModule(input.code, {
    fileName: 'index.ts',
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  const syntax = compiled.diagnostics?.find((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (syntax) {
    const where = syntax.file && syntax.start !== undefined ? syntax.file.getLineAndCharacterOfPosition(syntax.start) : null;
    return {
      ok: false,
      resources: [],
      outputs: {},
      logs: [],
      error: {
        message: ts.flattenDiagnosticMessageText(syntax.messageText, '\n'),
        ...(where ? { line: where.line + 1, column: where.character + 1 } : {}),
      },
      durationMs: elapsed(),
    };
  }
  const properties = (input.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const defaults = Object.fromEntries(
    Object.entries(properties).flatMap(([key, property]) => (property.default === undefined ? [] : [[key, property.default]])),
  );
  const args = { ...defaults, ...input.params };
  const config = { ...args, ...(input.extraConfig ?? {}) };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nimbus-try-'));
  try {
    writeFileSync(path.join(dir, 'index.js'), compiled.outputText);
    linkPackages(dir, PROGRAM_BASE_PACKAGES);
    const raw = await runChild(dir, { project: `nimbus-${input.component}`, config, args, secretKeys: input.secretInputs });
    if (raw.ok) return { ok: true, resources: raw.resources, outputs: raw.outputs, logs: raw.logs, error: null, durationMs: elapsed() };
    const location = programLocation(raw.error?.stack ?? '');
    return {
      ok: false,
      resources: raw.resources,
      outputs: {},
      logs: raw.logs,
      error: { message: raw.error?.message ?? 'the program failed', ...(location ?? {}) },
      durationMs: elapsed(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ChildResult {
  ok: boolean;
  resources: TryComponentResult['resources'];
  outputs: Record<string, unknown>;
  logs: string[];
  error: { message: string; stack: string } | null;
}

function runChild(dir: string, input: object): Promise<ChildResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(resourcesDir(), 'runtime', 'try-component.cjs'), dir], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        const why =
          signal === 'SIGKILL'
            ? `the program did not finish within ${TIMEOUT_MS / 1000} s`
            : `the program runner exited with ${signal ?? code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`;
        resolve({ ok: false, resources: [], outputs: {}, logs: [], error: { message: why, stack: '' } });
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
