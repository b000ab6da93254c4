import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobEventBody } from '../api/schemas/jobs.js';
import { dataPaths } from '../paths.js';
import type { ExportedStackState, OperationResult, StackOperation, StackTarget } from '../pulumi/automation-adapter.js';
import { locatePulumiCli, type PulumiCli } from '../pulumi/locate-cli.js';
import { createOperationLimiter, type OperationLimiter } from '../pulumi/operation-limiter.js';
import { ProgramHostClient } from '../pulumi/program-host-client.js';
import { NimbusError } from '../errors.js';
import { processesWithArgument, stopProcesses } from '../system/orphan-processes.js';
import { ProgramCompiler } from './program-compiler.js';
import { installRuntimeFiles } from './runtime-files.js';
import type { ConfigEntry } from './stack-config.js';

export type PulumiEvent = Extract<JobEventBody, { type: 'resource.started' | 'resource.finished' | 'job.log' }>;

/** How this engine runs Pulumi: where state lives, the passphrase, how many operations at once. */
export interface PulumiSettings {
  dataDir: string;
  /** The passphrase of the passphrase secrets provider; asked for on first use. */
  passphrase: () => Promise<string>;
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
 * The adapter runs in the program host, a child process started on the first Pulumi call (see
 * program-host.ts): it brings Pulumi's SDK (gRPC, protobuf and more), which the engine, commands and a
 * server that do not deploy never load, and it runs every component program inline, sharing one SDK.
 */
export class PulumiRunner {
  private cli: Promise<PulumiCli> | undefined;
  private preloadChecked = false;
  readonly limiter: OperationLimiter;
  private readonly programs: ProgramCompiler;
  /** The program host; exposed for tests that stop it mid-operation. */
  readonly host: ProgramHostClient;

  constructor(private readonly settings: PulumiSettings) {
    this.limiter = createOperationLimiter(settings.concurrency);
    this.programs = new ProgramCompiler(dataPaths(settings.dataDir).programs);
    this.host = new ProgramHostClient({ codeCache: () => this.codeCache() });
  }

  /** Stops the program host (interrupting what still runs); the next operation starts it again. */
  dispose(): Promise<void> {
    return this.host.dispose();
  }

  /** The backend URL stacks are kept in. */
  get backendUrl(): string {
    return this.settings.backendUrl ?? pathToFileURL(dataPaths(this.settings.dataDir).pulumiState).href;
  }

  /**
   * The code cache's preload, copied into the data directory (Node outside the app must be able to
   * read it, and an app update replaces it), with the directory it keeps compiled code in.
   */
  private codeCache(): { preload: string; dir: string } {
    const dir = dataPaths(this.settings.dataDir).nodeCodeCache;
    // Compared once per engine, and written again whenever it is missing (the directory is a cache a
    // person may delete while the engine runs; Node refuses to start with a missing preload).
    this.preloadChecked = installRuntimeFiles(dir, ['compile-cache.cjs'], this.preloadChecked);
    return { preload: path.join(dir, 'compile-cache.cjs'), dir };
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
      passphrase: await this.settings.passphrase(),
      pulumiHome: paths.pulumiHome,
      codeCache: this.codeCache(),
      ...(config ? { config } : {}),
      ...(this.settings.backendEnv ? { extraEnv: this.settings.backendEnv } : {}),
    };
  }

  /** Runs one operation when a slot is free; aborting `signal` while queued or running cancels it. */
  async run(
    ref: StackRef,
    operation: StackOperation,
    options: {
      config?: Record<string, ConfigEntry>;
      signal?: AbortSignal;
      onEvent?: (event: PulumiEvent) => void;
      clearPendingCreates?: boolean;
      refresh?: boolean;
    } = {},
  ): Promise<OperationResult> {
    return this.limiter.run(async () => {
      const target = await this.target(ref, options.config);
      await this.programs.prepare(ref.workDir, operation);
      options.signal?.throwIfAborted();
      try {
        return await this.host.call(
          'run',
          {
            target,
            operation,
            // Component programs run inline in the host; other work directories as Pulumi projects.
            inline: true,
            ...(options.clearPendingCreates ? { clearPendingCreates: true } : {}),
            ...(options.refresh ? { refresh: true } : {}),
          },
          { ...(options.signal ? { signal: options.signal } : {}), ...(options.onEvent ? { onEvent: options.onEvent } : {}) },
        );
      } catch (error) {
        if (error instanceof NimbusError && error.code === 'pulumi_host_exited') await this.recoverStack(ref, target);
        throw error;
      }
    }, options.signal);
  }

  /**
   * After the program host died during an operation on `ref`, does for that stack what crash recovery
   * does after the engine died: stops the CLI the host left running for it, clears the stack's lock,
   * reads what creates under way made and drops the pending operations with a refresh. The saga's next
   * step (a rollback, a retry) then finds the stack as the real objects are. Best effort: what fails
   * here fails that next step, with its own error.
   */
  private async recoverStack(ref: StackRef, operationTarget: StackTarget): Promise<void> {
    await stopProcesses(processesWithArgument('--stack', ref.stackName), 10_000);
    // Housekeeping takes no config.
    const { config: _config, ...target } = operationTarget;
    try {
      if (!(await this.host.call('exists', { target }))) return;
      await this.host.call('cancel', { target });
      const adopted = await this.host.call('adoptPendingCreates', { target });
      const { pendingOperations } = await this.host.call('exportState', { target });
      if (adopted.length > 0 || pendingOperations.length > 0)
        await this.host.call('run', { target, operation: 'refresh', inline: true, clearPendingCreates: true });
    } catch {
      // Left to the next operation on the stack, which reports what is wrong.
    }
  }

  async exists(ref: StackRef): Promise<boolean> {
    return this.host.call('exists', { target: await this.target(ref) });
  }

  async outputs(ref: StackRef): Promise<Record<string, unknown>> {
    return this.host.call('outputs', { target: await this.target(ref) });
  }

  async exportState(ref: StackRef): Promise<ExportedStackState> {
    return this.host.call('exportState', { target: await this.target(ref) });
  }

  /**
   * Turns the creates a killed CLI left pending into resources the next refresh reads from the real
   * objects (see adoptPendingCreates); returns the URNs adopted.
   */
  async adoptPendingCreates(ref: StackRef): Promise<string[]> {
    return this.host.call('adoptPendingCreates', { target: await this.target(ref) });
  }

  /** Clears the lock a killed process left on the stack. */
  async cancel(ref: StackRef): Promise<void> {
    await this.host.call('cancel', { target: await this.target(ref) });
  }

  /** Removes the (empty) stack from the backend after a destroy. */
  async remove(ref: StackRef): Promise<void> {
    await this.host.call('remove', { target: await this.target(ref) });
  }
}
