import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NimbusError } from '../errors.js';
import type { JobContext } from '../jobs/job-manager.js';
import { dataPaths, resourcesDir } from '../paths.js';
import type { StackOperation, StackTarget } from '../pulumi/automation-adapter.js';
import { locatePulumiCli } from '../pulumi/locate-cli.js';

export interface PulumiCheckResult {
  cliVersion: string;
  markerPath: string;
  previewChanges: Record<string, number>;
  upChanges: Record<string, number>;
  destroyChanges: Record<string, number>;
}

/**
 * A job that proves deployment works end to end on this machine: finds the CLI, then previews, deploys
 * and destroys a one-resource program whose dynamic provider writes a real file, checking that the
 * file appears with the configured content and is gone afterwards.
 */
export async function runPulumiCheck(context: JobContext, options: { dataDir: string; passphrase: string }): Promise<PulumiCheckResult> {
  const paths = dataPaths(options.dataDir);
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    context.signal.throwIfAborted();
    context.emit({ type: 'job.step', step: name, status: 'started' });
    try {
      const value = await work();
      context.emit({ type: 'job.step', step: name, status: 'finished' });
      return value;
    } catch (error) {
      context.emit({ type: 'job.step', step: name, status: 'failed' });
      throw error;
    }
  };

  const cli = await step('locate-cli', () => locatePulumiCli());
  // The Automation API loads on first use, so the engine starts without it.
  const { runStackOperation } = await import('../pulumi/automation-adapter.js');
  context.log(`Using Pulumi ${cli.version} from ${cli.binDir}`);

  const workDir = path.join(paths.work, `self-check-${context.jobId}`);
  cpSync(path.join(resourcesDir(), 'programs', 'self-check'), workDir, { recursive: true });
  const markerPath = path.join(workDir, 'marker.txt');
  const content = `nimbus self-check ${context.jobId}`;
  const target: StackTarget = {
    cli,
    workDir,
    stackName: `self-check-${context.jobId.slice(0, 8)}`,
    backendUrl: pathToFileURL(paths.pulumiState).href,
    passphrase: options.passphrase,
    pulumiHome: paths.pulumiHome,
    config: { path: { value: markerPath }, content: { value: content } },
  };
  const operate = (operation: StackOperation) =>
    step(operation, () => runStackOperation(target, operation, { signal: context.signal, onEvent: (event) => context.emit(event) }));

  let mayHaveResources = false;
  try {
    const preview = await operate('preview');
    mayHaveResources = true;
    const up = await operate('up');
    if (!existsSync(markerPath) || readFileSync(markerPath, 'utf8') !== content) {
      throw new NimbusError('self_check_failed', `up reported success but ${markerPath} does not hold the configured content`);
    }
    context.log(`Marker file written: ${markerPath}`);
    const destroy = await operate('destroy');
    mayHaveResources = false;
    if (existsSync(markerPath)) throw new NimbusError('self_check_failed', `destroy reported success but ${markerPath} still exists`);
    context.log('Marker file removed by destroy');
    return { cliVersion: cli.version, markerPath, previewChanges: preview.changes, upChanges: up.changes, destroyChanges: destroy.changes };
  } finally {
    if (mayHaveResources) {
      // Cancelled or failed during or after up: leave nothing behind on this machine.
      context.log('Cleaning up: destroying what the check created');
      await runStackOperation(target, 'destroy').catch((error: unknown) =>
        context.log(`Clean-up failed: ${(error as Error).message}`, 'error'),
      );
    }
    rmSync(workDir, { recursive: true, force: true });
  }
}
