/**
 * The only module that imports the Pulumi Automation API. Everything else talks to Pulumi through
 * {@link runStackOperation} and receives Nimbus job events, never Pulumi's own types.
 */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CommandError,
  ConcurrentUpdateError,
  LocalWorkspace,
  PulumiCommand,
  StackNotFoundError,
  type EngineEvent,
  type OutputMap,
} from '@pulumi/pulumi/automation/index.js';
import type { JobEventBody } from '../api/schemas/jobs.js';
import { NimbusError } from '../errors.js';
import type { PulumiCli } from './locate-cli.js';

export type StackOperation = 'preview' | 'up' | 'destroy';

export type PulumiJobEvent = Extract<JobEventBody, { type: 'resource.started' | 'resource.finished' | 'job.log' }>;

/** Where a program lives and how its state is kept. */
export interface StackTarget {
  cli: PulumiCli;
  /** Directory with Pulumi.yaml and the program. */
  workDir: string;
  stackName: string;
  /** `file://…` by default; any Pulumi backend URL. */
  backendUrl: string;
  passphrase: string;
  /** Isolates Pulumi's own home (plugins, credentials) per data directory. */
  pulumiHome: string;
  config?: Record<string, { value: string; secret?: boolean }>;
}

export interface OperationResult {
  operation: StackOperation;
  outputs: Record<string, unknown>;
  changes: Record<string, number>;
}

/** A Pulumi operation failed; `code` says how, the message keeps the CLI's own words short. */
export class PulumiOperationError extends NimbusError {
  override name = 'PulumiOperationError';
}

const requireFromHere = createRequire(import.meta.url);

/** The node_modules directory that holds @pulumi/pulumi, shared with every program Nimbus runs. */
export function sdkNodeModulesDir(): string {
  const manifest = requireFromHere.resolve('@pulumi/pulumi/package.json');
  return path.dirname(path.dirname(path.dirname(manifest)));
}

/** Lets a program in `workDir` resolve @pulumi/pulumi (and the dynamic-provider shim find it too). */
export function linkSdk(workDir: string): void {
  mkdirSync(workDir, { recursive: true });
  const link = path.join(workDir, 'node_modules');
  if (!existsSync(link)) symlinkSync(sdkNodeModulesDir(), link, 'dir');
}

function environment(target: StackTarget): Record<string, string> {
  return {
    PATH: [target.cli.binDir, process.env.PATH ?? ''].join(path.delimiter),
    PULUMI_BACKEND_URL: target.backendUrl,
    PULUMI_CONFIG_PASSPHRASE: target.passphrase,
    PULUMI_HOME: target.pulumiHome,
    PULUMI_SKIP_UPDATE_CHECK: 'true',
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: 'true',
  };
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

/** Turns a failure of the Automation API into a {@link PulumiOperationError} with a stable code. */
export function classifyPulumiError(error: unknown, operation: StackOperation): NimbusError {
  if (error instanceof NimbusError) return error;
  if (error instanceof ConcurrentUpdateError) {
    return new PulumiOperationError('pulumi_concurrent_update', `Another ${operation} is running on this stack; wait for it or cancel it`, {});
  }
  if (error instanceof StackNotFoundError) {
    return new PulumiOperationError('pulumi_stack_not_found', 'The Pulumi stack does not exist in this backend', {});
  }
  if (error instanceof CommandError) {
    const lines = error.message.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('code:'));
    const important = lines.filter((line) => /error/i.test(line)).slice(-3);
    return new PulumiOperationError('pulumi_failed', `pulumi ${operation} failed: ${(important.length ? important : lines.slice(-3)).join(' | ')}`, {
      operation,
    });
  }
  return new PulumiOperationError('pulumi_failed', `pulumi ${operation} failed: ${(error as Error)?.message ?? String(error)}`, { operation });
}

/**
 * Runs preview, up or destroy of the program in `target.workDir`, streaming its progress as job events.
 * Aborting `signal` cancels the Pulumi operation; the returned promise then rejects.
 */
export async function runStackOperation(
  target: StackTarget,
  operation: StackOperation,
  options: { signal?: AbortSignal; onEvent?: (event: PulumiJobEvent) => void } = {},
): Promise<OperationResult> {
  try {
    options.signal?.throwIfAborted();
    mkdirSync(target.pulumiHome, { recursive: true });
    if (target.backendUrl.startsWith('file://')) mkdirSync(fileURLToPath(target.backendUrl), { recursive: true });
    linkSdk(target.workDir);
    // PulumiCommand expects `<root>/bin/pulumi`; any other layout is reached through PATH (set below).
    const root = path.basename(target.cli.binDir) === 'bin' ? path.dirname(target.cli.binDir) : undefined;
    const pulumiCommand = await PulumiCommand.get({ ...(root ? { root } : {}), skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: target.stackName, workDir: target.workDir },
      { envVars: environment(target), pulumiCommand },
    );
    if (target.config) await stack.setAllConfig(target.config);
    const onEvent = (event: EngineEvent): void => {
      const mapped = toJobEvent(event);
      if (mapped) options.onEvent?.(mapped);
    };
    // The Automation API listens for `abort` only once the CLI runs; a signal aborted earlier stops here.
    options.signal?.throwIfAborted();
    const common = { onEvent, signal: options.signal };
    switch (operation) {
      case 'preview': {
        const result = await stack.preview(common);
        return { operation, outputs: {}, changes: { ...result.changeSummary } };
      }
      case 'up': {
        const result = await stack.up(common);
        return { operation, outputs: plainOutputs(result.outputs), changes: { ...(result.summary.resourceChanges ?? {}) } };
      }
      case 'destroy': {
        const result = await stack.destroy(common);
        return { operation, outputs: {}, changes: { ...(result.summary.resourceChanges ?? {}) } };
      }
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    throw classifyPulumiError(error, operation);
  }
}

function plainOutputs(outputs: OutputMap): Record<string, unknown> {
  return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.secret ? '[secret]' : output.value]));
}
