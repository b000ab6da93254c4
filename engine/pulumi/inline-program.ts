/**
 * Runs the program of a Nimbus work directory as an Automation API inline program, inside the process
 * that drives the CLI (the program host, see program-host.ts), instead of a language host and a Node
 * process of its own per stack. Several stacks run concurrently in one process: the Pulumi SDK keeps
 * each run's state in an AsyncLocalStorage, and so does this module for what the entry script used to
 * keep in a global (`args`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { format, inspect } from 'node:util';

/** What the SDK module looks like to this file: only what it calls. */
interface PulumiSdk {
  Config: new () => { get(key: string): string | undefined; getSecret(key: string): unknown };
  log: { error(message: string): Promise<void> | void; info(message: string): Promise<void> | void };
}

/** The SDK's per-run store (its AsyncLocalStorage), undefined outside every run. */
function currentRun(): unknown {
  return (globalThis as { asyncLocalStorage?: AsyncLocalStorage<unknown> }).asyncLocalStorage?.getStore();
}

/** The per-run values a program sees. */
interface RunScope {
  args: Readonly<Record<string, unknown>>;
}

const scopes = new AsyncLocalStorage<RunScope>();

/**
 * The entry's contract file (`nimbus-inputs.json`, written by work-dir.ts): each input's JSON type and
 * which inputs are secret.
 */
interface InputContract {
  types: Record<string, string>;
  secretInputs: string[];
}

let installed = false;

/**
 * Makes the global `args` a view of the current run's inputs (programs read `args` at the top level and
 * inside `apply` callbacks, both within the run's async context), and sends what a program prints to
 * its own stack's log as Pulumi's language host did with a program's output (info diagnostics, which
 * reach the job's log). Installed once per process.
 */
function install(sdk: PulumiSdk): void {
  if (installed) return;
  installed = true;
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      if (currentRun() === undefined) return original(...args);
      const message = format(...args);
      // A run whose engine has gone cannot take it any more; the line is printed here instead.
      Promise.resolve(sdk.log.info(message)).catch(() => original(...args));
    };
  }
  Object.defineProperty(globalThis, 'args', {
    configurable: true,
    enumerable: false,
    get: () => scopes.getStore()?.args,
  });
  // Compiled programs carry an inline source map, so a failure names index.ts lines as before.
  process.setSourceMapsEnabled(true);
}

/** Whether `workDir` holds a Nimbus component program (written by work-dir.ts), which runs inline. */
export function isNimbusWorkDir(workDir: string): boolean {
  return existsSync(path.join(workDir, 'nimbus-entry.js')) && existsSync(path.join(workDir, 'nimbus-inputs.json'));
}

/** The component's inputs from the stack config, typed from the contract, as `resources/runtime/nimbus-entry.cjs` does. */
function argsFromConfig(sdk: PulumiSdk, contract: InputContract): Record<string, unknown> {
  const config = new sdk.Config();
  const args: Record<string, unknown> = {};
  for (const [key, type] of Object.entries(contract.types)) {
    if (contract.secretInputs.includes(key)) {
      const secret = config.getSecret(key);
      if (secret !== undefined) args[key] = secret;
      continue;
    }
    const raw = config.get(key);
    if (raw === undefined) continue;
    if (type === 'integer' || type === 'number') args[key] = Number(raw);
    else if (type === 'boolean') args[key] = raw === 'true';
    else if (type === 'object' || type === 'array') args[key] = JSON.parse(raw) as unknown;
    else args[key] = raw;
  }
  return Object.freeze(args);
}

/** Node's CommonJS loader internals used to run one module instance outside the require cache. */
interface LoadableModule {
  exports: unknown;
  filename: string;
  paths: string[];
  _compile(content: string, filename: string): void;
}
type ModuleConstructor = (new (id: string, parent?: unknown) => LoadableModule) & { _nodeModulePaths(dir: string): string[] };

/**
 * The inline program of the Nimbus work directory `workDir`: gives the program its `args` (from the
 * stack config, typed by the contract), runs `index.js` (compiled from index.ts by the engine) as a
 * fresh module, and returns its exports as the stack's outputs. The files are read when the CLI runs
 * the program, so operations that do not run it (destroy, refresh) need no compiled program. A program
 * that throws is reported the way Pulumi's Node.js runtime reports it (`Running program '…' failed
 * with an unhandled exception:` and the stack), so failures are classified as before.
 */
export function nimbusInlineProgram(workDir: string): () => Promise<Record<string, unknown>> {
  return async () => {
    const file = path.join(workDir, 'index.js');
    const requireFromProgram = createRequire(file);
    const sdk = requireFromProgram('@pulumi/pulumi') as PulumiSdk;
    install(sdk);
    try {
      const contract = JSON.parse(readFileSync(path.join(workDir, 'nimbus-inputs.json'), 'utf8')) as InputContract;
      const args = argsFromConfig(sdk, contract);
      const code = readFileSync(file, 'utf8');
      return scopes.run({ args }, () => {
        const Loader = Module as unknown as ModuleConstructor;
        const program = new Loader(file);
        program.filename = file;
        program.paths = Loader._nodeModulePaths(workDir);
        program._compile(code, file);
        return (program.exports ?? {}) as Record<string, unknown>;
      });
    } catch (error) {
      await sdk.log.error(`Running program '${file}' failed with an unhandled exception:\n${describe(error)}`);
      return {};
    }
  };
}

/** The thrown value with its stack, as Pulumi's runtime prints it (uncoloured). */
function describe(error: unknown): string {
  if (error instanceof Error && error.stack) {
    try {
      return inspect(error);
    } catch {
      return error.stack;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
