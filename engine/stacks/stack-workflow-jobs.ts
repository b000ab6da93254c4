import type { EnvironmentPayload } from '../deploy/deploy-service.js';
import { NimbusError, toWireError } from '../errors.js';
import { JobCancelledError, type JobContext, type JobManager } from '../jobs/job-manager.js';
import { workflowOutcome } from '../lifecycle/stack-machine.js';
import { logFailure, type Logger } from '../logging/logger.js';
import type { StackInstanceRecord } from '../store/ports/catalog-records.js';
import { instanceRow, stackNameOf } from './stack-instance-view.js';
import type { StackMachines } from './stack-machines.js';
import type { StackTransitions, StartedWorkflow } from './stack-transitions.js';
import { runStackWorkflow, workflowJobLabel, type WorkflowHost } from './stack-workflows.js';

/** The runner every Nimbus process registers for stack instances' workflows. */
export const STACK_WORKFLOW_RUNNER = 'stack.workflow';

/** A workflow job names only its instance (and the environment whose lock it holds): the rest is read when it runs. */
interface WorkflowJobPayload extends EnvironmentPayload {
  instanceId: string;
}

/** How long a busy instance whose job has no record yet is left to the process that is queueing it. */
const QUEUE_GRACE_MS = 30_000;

/**
 * Stack instances' workflows as jobs. A transition that starts a workflow records the job's id on
 * the instance; the job is queued as data (the instance's id), so on the shared server any worker
 * runs it, and a worker that dies mid-workflow has its job continued by another (the runner is
 * resumable: deploys converge when run again, after the deploy journal's recovery).
 *
 * The job itself tells the instance's machine how the workflow ended, while it still holds the
 * environment's lock, naming its job id: an outcome for a job the instance no longer runs is
 * ignored, so each workflow moves its instance on once. A workflow whose job ended without telling
 * (its process stopped) is started again by {@link reviveIfAbandoned}.
 */
export class StackWorkflowJobs {
  private stopping = false;

  constructor(
    private readonly host: WorkflowHost & { jobs: JobManager },
    private readonly transitions: StackTransitions,
    private readonly machines: StackMachines,
    private readonly logger: Logger,
  ) {
    host.jobs.register<WorkflowJobPayload>(STACK_WORKFLOW_RUNNER, (payload, job) => this.run(payload, job), { resumable: true });
  }

  /**
   * Queues the job of a workflow a transition started. Refused at once (the environment is busy, say),
   * the workflow ends as failed with that reason.
   */
  async launch(started: StartedWorkflow, row: StackInstanceRecord): Promise<void> {
    try {
      const { document } = await this.machines.of(row, row.machineVersion);
      const { kind, title } = workflowJobLabel(row, started.activity, document);
      await this.host.deploy.submitLocked({
        id: started.jobId,
        kind,
        title,
        runner: STACK_WORKFLOW_RUNNER,
        payload: { environment: row.environment, instanceId: row.id },
      });
    } catch (error) {
      await this.settle(row.id, started.jobId, { ok: false, error: toWireError(error).message });
    }
  }

  /**
   * Starts again the workflow of a busy instance whose job is over without having told it how it
   * ended (its process stopped), or was never queued. A job still running (here, in a live local
   * process, or held by the shared server's queue, which recovers its own orphans) is left alone.
   */
  async reviveIfAbandoned(row: StackInstanceRecord): Promise<void> {
    if (!row.busy || this.stopping) return;
    const jobId = row.activity?.jobId ?? null;
    if (jobId && this.host.jobs.isRunning(jobId)) return;
    const job = jobId ? await this.host.jobs.get(jobId).catch(() => null) : null;
    if (job?.status === 'running') {
      if (this.host.jobs.distributed) return;
      if (await this.host.jobs.queue.holderAlive(row.activity?.pid ?? 0, jobId)) return;
    } else if (!job && Date.now() - Date.parse(row.updatedAt) < QUEUE_GRACE_MS) return;
    const outcome = await this.transitions.apply(row.id, (now) =>
      now.row.busy && (now.row.activity?.jobId ?? null) === jobId
        ? { relaunch: true, cause: `${now.view.activity?.workflow ?? 'workflow'} started again: its job ended without finishing it` }
        : { skip: 'the instance moved on' },
    );
    if (outcome.started) {
      this.logger.warn('interrupted', `${row.name}: ${outcome.note}`, { instanceId: row.id, jobId: outcome.started.jobId });
      await this.launch(outcome.started, outcome.row);
    }
  }

  /** From now on a workflow cut short by the engine stopping leaves its instance running it, to be started again later. */
  stop(): void {
    this.stopping = true;
  }

  private async run(payload: WorkflowJobPayload, job: JobContext): Promise<unknown> {
    // The workflow's own signal: the job's, or its deadline.
    const controller = new AbortController();
    const cancel = (): void => controller.abort(job.signal.reason);
    job.signal.addEventListener('abort', cancel, { once: true });
    if (job.signal.aborted) cancel();
    const timed: JobContext = { jobId: job.jobId, signal: controller.signal, emit: job.emit, log: job.log, logger: job.logger };
    const state = { skipped: false, timedOut: null as NimbusError | null, timer: undefined as NodeJS.Timeout | undefined };
    try {
      const result = await this.host.deploy.runLocked(payload, timed, async (context) => {
        const row = await instanceRow(this.host.store, payload.instanceId);
        const { machine, document } = await this.machines.of(row, row.machineVersion);
        const activity = machine.view(row.snapshot ?? machine.snapshotIn(row.state)).activity;
        if (!row.busy || row.activity?.jobId !== job.jobId || !activity) {
          state.skipped = true;
          job.log(`${row.name} no longer runs this workflow; nothing to do`, 'warn');
          return { skipped: true };
        }
        if (activity.deadline) {
          state.timer = setTimeout(
            () => {
              state.timedOut = new NimbusError(
                'timeout',
                `${activity.workflow} did not finish within its timeout (deadline ${activity.deadline})`,
                { deadline: activity.deadline },
              );
              controller.abort(state.timedOut);
            },
            Math.max(0, Date.parse(activity.deadline) - Date.now()),
          );
        }
        const instance = {
          id: row.id,
          name: row.name,
          stack: await stackNameOf(this.host.store, row),
          version: row.version,
          environment: row.environment,
          params: row.params,
        };
        const done = await runStackWorkflow(this.host, context, timed, instance, activity, document);
        if (controller.signal.aborted) throw state.timedOut ?? new JobCancelledError();
        return done;
      });
      if (!state.skipped) await this.settle(payload.instanceId, job.jobId, { ok: true });
      return result;
    } catch (error) {
      // The engine is stopping: the instance keeps running this workflow, started again on the next start.
      if (this.stopping && job.signal.aborted) throw error;
      if (!state.skipped) {
        const cancelled = !state.timedOut && (job.signal.aborted || error instanceof JobCancelledError);
        await this.settle(payload.instanceId, job.jobId, {
          ok: false,
          error: cancelled ? null : toWireError(state.timedOut ?? error).message,
          cancelled,
          timedOut: state.timedOut !== null,
        }).catch((failure: unknown) => logFailure(this.logger, 'error', 'A stack workflow could not record how it ended', failure));
      }
      throw state.timedOut ?? error;
    } finally {
      clearTimeout(state.timer);
      job.signal.removeEventListener('abort', cancel);
    }
  }

  /**
   * Tells the instance how the workflow running as `jobId` ended, if it still runs it; a transition
   * that follows and starts another workflow (a failure path that retries, say) queues that one.
   */
  private async settle(instanceId: string, jobId: string, outcome: Parameters<typeof workflowOutcome>[0]): Promise<void> {
    const result = await this.transitions.apply(instanceId, (now) =>
      now.view.busy && now.row.activity?.jobId === jobId
        ? { event: workflowOutcome(outcome) }
        : { skip: 'it no longer runs this workflow' },
    );
    if (result.started) await this.launch(result.started, result.row);
  }
}
