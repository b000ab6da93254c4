import { pathToFileURL } from 'node:url';
import type { JobEventBody } from '../api/schemas/jobs.js';
import { dataPaths } from '../paths.js';
import {
  adoptPendingCreates,
  cancelStackUpdate,
  exportStackState,
  importStackState,
  readStackOutputs,
  removeStack,
  runStackOperation,
  stackExists,
  type OperationResult,
  type StackOperation,
  type StackTarget,
} from '../pulumi/automation-adapter.js';
import { locatePulumiCli, type PulumiCli } from '../pulumi/locate-cli.js';
import { createOperationLimiter, type OperationLimiter } from '../pulumi/operation-limiter.js';
import type { ConfigEntry } from './stack-config.js';

export type PulumiEvent = Extract<JobEventBody, { type: 'resource.started' | 'resource.finished' | 'job.log' }>;

/** How this engine runs Pulumi: where state lives, the passphrase, how many operations at once. */
export interface PulumiSettings {
  dataDir: string;
  /** The passphrase of the passphrase secrets provider; asked for on first use. */
  passphrase: () => string;
  /** Any Pulumi backend URL (`s3://…`, `https://api.pulumi.com`); the data directory's file backend by default. */
  backendUrl?: string;
  /** Credentials a remote backend needs (AWS_*, PULUMI_ACCESS_TOKEN), passed to the CLI only. */
  backendEnv?: Record<string, string>;
  /** Pulumi operations that may run at once across every job of this engine. */
  concurrency: number;
}

/** One stack to act on: a program directory and a stack name. */
export interface StackRef {
  workDir: string;
  stackName: string;
}

/**
 * Runs Pulumi operations for the deploy engine through the Automation API adapter: one place that
 * knows the backend, the passphrase and the CLI, and that bounds how many operations run at once.
 */
export class PulumiRunner {
  private cli: Promise<PulumiCli> | undefined;
  readonly limiter: OperationLimiter;

  constructor(private readonly settings: PulumiSettings) {
    this.limiter = createOperationLimiter(settings.concurrency);
  }

  /** The backend URL stacks are kept in. */
  get backendUrl(): string {
    return this.settings.backendUrl ?? pathToFileURL(dataPaths(this.settings.dataDir).pulumiState).href;
  }

  private async target(ref: StackRef, config?: Record<string, ConfigEntry>): Promise<StackTarget> {
    // A missing CLI is reported on every attempt, so installing it needs no restart.
    this.cli ??= locatePulumiCli().catch((error: unknown) => {
      this.cli = undefined;
      throw error;
    });
    const paths = dataPaths(this.settings.dataDir);
    return {
      cli: await this.cli,
      workDir: ref.workDir,
      stackName: ref.stackName,
      backendUrl: this.backendUrl,
      passphrase: this.settings.passphrase(),
      pulumiHome: paths.pulumiHome,
      ...(config ? { config } : {}),
      ...(this.settings.backendEnv ? { extraEnv: this.settings.backendEnv } : {}),
    };
  }

  /** Runs one operation when a slot is free; aborting `signal` while queued or running cancels it. */
  async run(
    ref: StackRef,
    operation: StackOperation,
    options: { config?: Record<string, ConfigEntry>; signal?: AbortSignal; onEvent?: (event: PulumiEvent) => void; clearPendingCreates?: boolean; refresh?: boolean } = {},
  ): Promise<OperationResult> {
    return this.limiter.run(async () => {
      const target = await this.target(ref, options.config);
      return runStackOperation(target, operation, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        ...(options.clearPendingCreates ? { clearPendingCreates: true } : {}),
        ...(options.refresh ? { refresh: true } : {}),
      });
    }, options.signal);
  }

  async exists(ref: StackRef): Promise<boolean> {
    return stackExists(await this.target(ref));
  }

  async outputs(ref: StackRef): Promise<Record<string, unknown>> {
    return readStackOutputs(await this.target(ref));
  }

  async exportState(ref: StackRef): ReturnType<typeof exportStackState> {
    return exportStackState(await this.target(ref));
  }

  /**
   * Turns the creates a killed CLI left pending into resources the next refresh reads from the real
   * objects (see adoptPendingCreates); returns the URNs adopted.
   */
  async adoptPendingCreates(ref: StackRef): Promise<string[]> {
    const target = await this.target(ref);
    const exported = await exportStackState(target);
    if (!exported.pendingOperations.some((operation) => operation.type === 'creating')) return [];
    const { state, adopted } = adoptPendingCreates(exported.state);
    if (adopted.length > 0) await importStackState(target, state);
    return adopted;
  }

  /** Clears the lock a killed process left on the stack. */
  async cancel(ref: StackRef): Promise<void> {
    await cancelStackUpdate(await this.target(ref));
  }

  /** Removes the (empty) stack from the backend after a destroy. */
  async remove(ref: StackRef): Promise<void> {
    await removeStack(await this.target(ref));
  }
}
