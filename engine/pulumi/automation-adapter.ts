/**
 * The only module that imports the Pulumi Automation API. Everything else talks to Pulumi through
 * {@link runStackOperation} and the stack housekeeping below, and receives Nimbus job events, plain
 * step records and {@link PulumiOperationError}s, never Pulumi's own types.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  CommandError,
  ConcurrentUpdateError,
  LocalWorkspace,
  PulumiCommand,
  Stack,
  StackNotFoundError,
  type Deployment,
  type EngineEvent,
  type OutputMap,
} from '@pulumi/pulumi/automation/index.js';
import type { JobEventBody } from '../api/schemas/jobs.js';
import { NimbusError } from '../errors.js';
import { nimbusInlineProgram } from './inline-program.js';
import { linkPackages, PROGRAM_BASE_PACKAGES } from './program-packages.js';
import { classifyFailure, type FailureContext, type PulumiDiagnostic, type RawPulumiFailure } from './pulumi-errors.js';
import { listStackLocks, removeStackLocks, type StackLock } from './stack-locks.js';
import { checkStackState, summarizeStackState, type ExportedStackState, type StackStateSummary } from './stack-state.js';
import { cliEnvironment, fileBackendDir, type PulumiAction, type StackOperation, type StackTarget } from './stack-target.js';
import { plainValue, StepCollector, type StepRecord } from './step-records.js';

export { PulumiOperationError, type PulumiDiagnostic } from './pulumi-errors.js';
export { listStackLocks, type StackLock } from './stack-locks.js';
export type { ExportedStackState, StackStateSummary } from './stack-state.js';
export type { PulumiAction, StackHousekeeping, StackOperation, StackTarget } from './stack-target.js';
export { driftOf, type DriftEntry, type StepRecord } from './step-records.js';
export { adoptPendingCreates } from './pending-creates.js';

export type PulumiJobEvent = Extract<JobEventBody, { type: 'resource.started' | 'resource.finished' | 'job.log' }>;

/** What an operation did: stack outputs (after `up`), Pulumi's change counts, and each resource step. */
export interface OperationResult {
  operation: StackOperation;
  outputs: Record<string, unknown>;
  changes: Record<string, number>;
  /** The resource steps, without the stack root and provider resources; see step-records.ts. */
  steps: StepRecord[];
}

/** How to run one operation. */
export interface OperationOptions {
  /** Aborting sends the CLI an interrupt; the returned promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  onEvent?: (event: PulumiJobEvent) => void;
  /**
   * `refresh` only: drop the state's pending creates (left by a killed update) instead of keeping them.
   * A pending create may have made a real object the state will then no longer know about.
   */
  clearPendingCreates?: boolean;
  /**
   * `up` only: read the real objects first, so an object edited or removed behind Pulumi's back is
   * put back as the program declares it (a plain `up` compares with the state and would leave it).
   */
  refresh?: boolean;
  /**
   * Run the Nimbus program of the work directory inside this process, as an inline program (see
   * inline-program.ts), instead of in a language host and a Node process of its own.
   */
  inline?: boolean;
}

const runFile = promisify(execFile);

/**
 * Lets a program in `workDir` resolve @pulumi/pulumi (and the dynamic-provider shim find it too), with
 * Node's types for the compiler. Only these are linked, so Pulumi looks for no provider plugin the
 * program does not use; a program that uses more packages gets them linked by whoever writes it (see
 * program-packages.ts).
 */
export function linkSdk(workDir: string): void {
  linkPackages(workDir, PROGRAM_BASE_PACKAGES);
}

/** Maps one Pulumi engine event to the Nimbus job event it stands for, if any. */
export function toJobEvent(event: EngineEvent): PulumiJobEvent | null {
  if (event.resourcePreEvent) {
    const { urn, type, op } = event.resourcePreEvent.metadata;
    return { type: 'resource.started', urn, resourceType: type, operation: op };
  }
  if (event.resOutputsEvent) {
    const { urn, type, op } = event.resOutputsEvent.metadata;
    return { type: 'resource.finished', urn, resourceType: type, operation: op, status: 'succeeded' };
  }
  if (event.resOpFailedEvent) {
    const { urn, type, op } = event.resOpFailedEvent.metadata;
    return { type: 'resource.finished', urn, resourceType: type, operation: op, status: 'failed' };
  }
  if (event.diagnosticEvent && !event.diagnosticEvent.ephemeral) {
    const { severity, message } = event.diagnosticEvent;
    // The CLI streams its debug diagnostics too; a job log keeps what a person needs.
    if ((severity as string) === 'debug') return null;
    const level = severity === 'error' ? 'error' : severity === 'warning' ? 'warn' : 'info';
    const text = message.trim();
    return text ? { type: 'job.log', level, message: text } : null;
  }
  if (event.summaryEvent) {
    const changes = Object.entries(event.summaryEvent.resourceChanges ?? {})
      .map(([op, count]) => `${count} ${op}`)
      .join(', ');
    return { type: 'job.log', level: 'info', message: `Summary: ${changes || 'no changes'} in ${event.summaryEvent.durationSeconds}s` };
  }
  return null;
}

/**
 * Turns a failure of the Automation API into a {@link PulumiOperationError} with a stable code (see
 * pulumi-errors.ts). `context.diagnostics`, the error diagnostics streamed during the operation, let
 * it name the failing resource; NimbusErrors pass through unchanged.
 */
export function classifyPulumiError(error: unknown, operation: PulumiAction, context: FailureContext = {}): NimbusError {
  if (error instanceof NimbusError) return error;
  return classifyFailure(rawFailure(error), operation, context);
}

function rawFailure(error: unknown): RawPulumiFailure {
  const kind =
    error instanceof ConcurrentUpdateError
      ? 'concurrent-update'
      : error instanceof StackNotFoundError
        ? 'stack-not-found'
        : error instanceof CommandError
          ? 'command'
          : 'other';
  // The command's result is private in the SDK's typings, but it is where the CLI's output is kept.
  const result = (error as { commandResult?: { stdout?: string; stderr?: string; err?: { code?: unknown } } } | null)?.commandResult;
  if (result) {
    const errno = typeof result.err?.code === 'string' ? result.err.code : undefined;
    return { kind, text: [result.stderr ?? '', result.stdout ?? ''].join('\n'), ...(errno ? { errno } : {}) };
  }
  const errno = (error as { code?: unknown } | null)?.code;
  return { kind, text: error instanceof Error ? error.message : String(error), ...(typeof errno === 'string' ? { errno } : {}) };
}

/**
 * The Automation API's handle on each CLI installation, by root. PulumiCommand.get runs `pulumi version`
 * every time; the version does not change while the engine runs, so it is asked once per installation.
 * A failure is not kept, so a CLI installed meanwhile is found on the next attempt.
 */
const commands = new Map<string, Promise<PulumiCommand>>();

function pulumiCommandFor(root: string | undefined): Promise<PulumiCommand> {
  const key = root ?? '';
  let command = commands.get(key);
  if (!command) {
    command = PulumiCommand.get({ ...(root ? { root } : {}), skipVersionCheck: true });
    commands.set(key, command);
    command.catch(() => commands.delete(key));
  }
  return command;
}

/** Makes the directories a run needs and finds the CLI the Automation API will drive. */
async function prepare(target: StackTarget): Promise<{ envVars: Record<string, string>; pulumiCommand: PulumiCommand }> {
  mkdirSync(target.pulumiHome, { recursive: true });
  const stateDir = fileBackendDir(target);
  if (stateDir) mkdirSync(stateDir, { recursive: true });
  // PulumiCommand expects `<root>/bin/pulumi`; any other layout is reached through PATH (set by cliEnvironment).
  const root = path.basename(target.cli.binDir) === 'bin' ? path.dirname(target.cli.binDir) : undefined;
  return { envVars: cliEnvironment(target), pulumiCommand: await pulumiCommandFor(root) };
}

/**
 * Selects the existing stack of `target`, or creates it too when `create`. Creating is one CLI run,
 * `pulumi stack select --create`, where the Automation API's createOrSelectStack runs `stack select`,
 * and `stack init` after it fails; and none when the file backend already holds the stack and the
 * work directory its settings (every command names its stack, so selecting it changes nothing).
 * With `program`, the CLI runs it through a language server in this process (an inline program).
 */
async function openStack(target: StackTarget, create: boolean, program?: () => Promise<Record<string, unknown>>): Promise<Stack> {
  const options = await prepare(target);
  if (!create) return LocalWorkspace.selectStack({ stackName: target.stackName, workDir: target.workDir }, options);
  const workspace = await LocalWorkspace.create({ workDir: target.workDir, ...(program ? { program } : {}), ...options });
  workspace.selectStack = async (stackName) => {
    if (!stackIsSetUp(target)) await selectOrInit(target, options.envVars, stackName);
  };
  return Stack.select(target.stackName, workspace);
}

/**
 * Whether `pulumi stack select --create` would find everything in place: the stack in a `file://`
 * backend (`.pulumi/stacks/<project>/<stack>.json`) and its settings file (`Pulumi.<stack>.yaml`,
 * which keeps the passphrase's salt) in the work directory. Other backends are always asked.
 */
export function stackIsSetUp(target: Pick<StackTarget, 'backendUrl' | 'workDir' | 'stackName'>): boolean {
  const stateDir = fileBackendDir(target);
  if (!stateDir || !/^[A-Za-z0-9._-]+$/.test(target.stackName)) return false;
  if (!existsSync(path.join(target.workDir, `Pulumi.${target.stackName}.yaml`))) return false;
  let project: string | undefined;
  try {
    project = /^name:\s*["']?([A-Za-z0-9._-]+)["']?\s*$/m.exec(readFileSync(path.join(target.workDir, 'Pulumi.yaml'), 'utf8'))?.[1];
  } catch {
    return false;
  }
  if (!project) return false;
  const stacks = path.join(stateDir, '.pulumi', 'stacks', project);
  return existsSync(path.join(stacks, `${target.stackName}.json`)) || existsSync(path.join(stacks, `${target.stackName}.json.gz`));
}

/**
 * Sets the stack's config for the coming operation. Plain values travel with the operation itself
 * (`--config key=value`, which Pulumi saves to the stack's settings as `config set-all` does), so
 * they cost no CLI run of their own; secrets still go through `config set-all --secret`, so Pulumi
 * encrypts them before they are written.
 */
async function applyConfig(stack: Stack, config: Record<string, { value: string; secret?: boolean }>): Promise<void> {
  const secrets = Object.fromEntries(Object.entries(config).filter(([, entry]) => entry.secret));
  if (Object.keys(secrets).length > 0) await stack.setAllConfig(secrets);
  const flags = Object.entries(config)
    .filter(([, entry]) => !entry.secret)
    .map(([key, entry]) => `--config=${key}=${entry.value}`);
  if (flags.length > 0) stack.workspace.serializeArgsForOp = async () => flags;
}

/** `pulumi stack select --create`, failing the way the Automation API's commands fail. */
async function selectOrInit(target: StackTarget, envVars: Record<string, string>, stackName: string): Promise<void> {
  try {
    await runFile(path.join(target.cli.binDir, 'pulumi'), ['stack', 'select', '--create', '--stack', stackName, '--non-interactive'], {
      cwd: target.workDir,
      env: { ...process.env, ...envVars, PULUMI_AUTOMATION_API: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string; code?: unknown };
    const text = [failure.stderr ?? '', failure.stdout ?? ''].join('\n').trim();
    throw Object.assign(new Error(text || failure.message), typeof failure.code === 'string' ? { code: failure.code } : {});
  }
}

/**
 * Stops the Automation API from reading back, after an operation, the stack's outputs (`stack output`,
 * twice) and its summary (`stack history`): three more CLI runs, while the operation's own engine
 * events carry both (see {@link runStackOperation}).
 */
function withoutReadBack(stack: Stack): Stack {
  return Object.assign(stack, { outputs: async (): Promise<OutputMap> => ({}), info: async () => undefined });
}

/** The root stack resource, whose outputs are the stack's outputs. */
const ROOT_TYPE = 'pulumi:pulumi:Stack';

/** Runs one housekeeping command, classifying its failure. */
async function housekeeping<T>(target: StackTarget, action: PulumiAction, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw classifyPulumiError(error, action, { stackName: target.stackName, pulumiHome: target.pulumiHome });
  }
}

/**
 * Runs preview, up, destroy, refresh or drift (a refresh preview: what a refresh would change, changing
 * nothing) of the program in `target.workDir`, streaming its progress as job events and keeping each
 * resource step. Aborting `signal` interrupts the CLI, which lets running steps finish, records them and
 * releases the stack's lock; the returned promise then rejects with the signal's reason.
 */
export async function runStackOperation(
  target: StackTarget,
  operation: StackOperation,
  options: OperationOptions = {},
): Promise<OperationResult> {
  const diagnostics: PulumiDiagnostic[] = [];
  const collector = new StepCollector();
  try {
    options.signal?.throwIfAborted();
    linkSdk(target.workDir);
    const stack = withoutReadBack(await openStack(target, true, options.inline ? nimbusInlineProgram(target.workDir) : undefined));
    if (target.config) await applyConfig(stack, target.config);
    let rootOutputs: Record<string, unknown> | undefined;
    let summary: Record<string, number | undefined> | undefined;
    const onEvent = (event: EngineEvent): void => {
      if (event.resourcePreEvent) collector.onStart(event.resourcePreEvent.metadata);
      if (event.resOutputsEvent) {
        collector.onFinish(event.resOutputsEvent.metadata);
        const { type, new: state } = event.resOutputsEvent.metadata;
        if (type === ROOT_TYPE && state) rootOutputs = state.outputs ?? {};
      }
      if (event.summaryEvent) summary = event.summaryEvent.resourceChanges;
      if (event.diagnosticEvent?.severity === 'error')
        diagnostics.push({ urn: event.diagnosticEvent.urn, message: event.diagnosticEvent.message });
      const mapped = toJobEvent(event);
      if (mapped) options.onEvent?.(mapped);
    };
    // The Automation API listens for `abort` only once the CLI runs; a signal aborted earlier stops here.
    options.signal?.throwIfAborted();
    const common = { onEvent, signal: options.signal };
    const done = (outputs: Record<string, unknown>, changes: Record<string, number | undefined> | undefined): OperationResult => ({
      operation,
      outputs,
      changes: Object.fromEntries(Object.entries(changes ?? {}).filter((entry): entry is [string, number] => entry[1] !== undefined)),
      steps: collector.steps(),
    });
    switch (operation) {
      case 'preview':
        return done({}, (await stack.preview(common)).changeSummary);
      case 'up': {
        await stack.up(options.refresh ? { ...common, refresh: true } : common);
        // Every update ends with the root stack's outputs event; should a CLI not send it, ask for them.
        const outputs = rootOutputs ? eventOutputs(rootOutputs) : plainOutputs(await Stack.prototype.outputs.call(stack));
        return done(outputs, summary);
      }
      case 'destroy':
        await stack.destroy(common);
        return done({}, summary);
      case 'refresh':
        await stack.refresh({ ...common, clearPendingCreates: options.clearPendingCreates });
        return done({}, summary);
      case 'drift':
        return done({}, (await stack.previewRefresh(common)).changeSummary);
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    throw classifyPulumiError(error, operation, { diagnostics, stackName: target.stackName, pulumiHome: target.pulumiHome });
  }
}

/**
 * The stack's state as `pulumi stack export` prints it, with a summary. The state holds secrets in
 * plaintext (see {@link ExportedStackState}). Works while an update holds the lock.
 */
export async function exportStackState(target: StackTarget): Promise<ExportedStackState> {
  return housekeeping(target, 'export', async () => {
    const state: unknown = await (await openStack(target, false)).exportStack();
    return { state, ...summarizeStackState(state) };
  });
}

/**
 * Replaces the stack's state with `state` (from {@link exportStackState}), creating the stack if needed,
 * for recovery and for moving a stack between backends. The URNs in a state name its stack, so the CLI
 * takes it only into a stack of the same name (in this or another backend). Refuses (ValidationError)
 * anything not shaped like an export, since the CLI would accept an empty deployment and forget every
 * resource.
 */
export async function importStackState(target: StackTarget, state: unknown): Promise<StackStateSummary> {
  checkStackState(state);
  return housekeeping(target, 'import', async () => {
    const stack = await openStack(target, true);
    try {
      await stack.importStack(state as Deployment);
    } catch (error) {
      removeLeftImportFile(state);
      throw error;
    }
    return summarizeStackState(state);
  });
}

/**
 * The Automation API writes the state to import, secrets in plaintext, to `<tmpdir>/automation-<6 digits>`
 * and deletes it only when the import succeeds; this removes the copy a failed import left.
 */
function removeLeftImportFile(state: unknown): void {
  const written = JSON.stringify(state, null, 4);
  for (const name of readdirSync(os.tmpdir()).filter((entry) => /^automation-\d{6}$/.test(entry))) {
    const file = path.join(os.tmpdir(), name);
    try {
      if (readFileSync(file, 'utf8') === written) rmSync(file, { force: true });
    } catch {
      // Gone already, or not ours to read.
    }
  }
}

/**
 * Clears the lock a killed CLI left on the stack (`pulumi cancel`), so the next update can start. It
 * does not stop a CLI that still runs: use it when the lock's holder is gone. Returns the locks found
 * before (`file://` backends; elsewhere the CLI does not say, so []).
 *
 * With CLI v3.259 on a `file://` backend, `pulumi cancel` deletes the stack's lock files (and succeeds
 * when there are none). Should a CLI leave them, they are deleted here so the result is the same.
 */
export async function cancelStackUpdate(target: StackTarget): Promise<StackLock[]> {
  return housekeeping(target, 'cancel', async () => {
    const stack = await openStack(target, false);
    const before = listStackLocks(target);
    await stack.cancel();
    const left = listStackLocks(target);
    if (left.length > 0) removeStackLocks(left);
    return before;
  });
}

/** The stack's outputs from its last update, secrets as '[secret]'. */
export async function readStackOutputs(target: StackTarget): Promise<Record<string, unknown>> {
  return housekeeping(target, 'outputs', async () => plainOutputs(await (await openStack(target, false)).outputs()));
}

/**
 * Removes the stack (its history and Pulumi.<stack>.yaml) once `destroy` emptied it. Returns false when
 * there was no such stack; a stack that still has resources fails with `pulumi_stack_not_empty`.
 */
export async function removeStack(target: StackTarget): Promise<boolean> {
  return housekeeping(target, 'remove', async () => {
    const options = await prepare(target);
    const workspace = await LocalWorkspace.create({ workDir: target.workDir, ...options });
    try {
      await workspace.removeStack(target.stackName);
      return true;
    } catch (error) {
      if (error instanceof StackNotFoundError) return false;
      throw error;
    }
  });
}

/** Whether the backend has the stack of `target`. */
export async function stackExists(target: StackTarget): Promise<boolean> {
  return housekeeping(target, 'exists', async () => {
    try {
      await openStack(target, false);
      return true;
    } catch (error) {
      if (error instanceof StackNotFoundError) return false;
      throw error;
    }
  });
}

/** Stack outputs as an engine event carries them, secrets as '[secret]' like {@link plainOutputs}. */
function eventOutputs(outputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([key, value]) => [key, plainValue(value)]));
}

function plainOutputs(outputs: OutputMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.secret ? '[secret]' : output.value]));
}
