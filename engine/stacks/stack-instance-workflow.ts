import type { StackDocument } from '../api/schemas/stacks.js';
import type { Activity } from '../lifecycle/stack-machine.js';
import { instanceRow, stackNameOf } from './stack-instance-view.js';
import { runStackWorkflow, type WorkflowHost } from './stack-workflows.js';

/** What running an instance's workflow needs from the runtime. */
export interface InstanceWorkflowHost extends Omit<WorkflowHost, 'onJob'> {
  /** The job each instance's current workflow runs as (shared with the actor host, which persists it). */
  workflowJobs: Map<string, { startedAt: string; jobId: string }>;
  /** Queues a write behind the actor host's own, so the instance's writes land in the order they were made. */
  write(what: string, work: (store: WorkflowHost['store']) => Promise<void>): Promise<void>;
  /** The document the instance's live actor runs, if this process holds one. */
  liveDocument(id: string): StackDocument | undefined;
}

/**
 * Runs the workflow an instance's actor started, on the instance as stored now, and records the job
 * it runs as on the instance (its activity and last job) so the UI and CLI can follow it.
 */
export async function runInstanceWorkflow(
  host: InstanceWorkflowHost,
  id: string,
  activity: Activity,
  signal: AbortSignal,
): Promise<unknown> {
  const row = await instanceRow(host.store, id);
  const stack = await stackNameOf(host.store, row);
  return runStackWorkflow(
    {
      store: host.store,
      stacks: host.stacks,
      deploy: host.deploy,
      jobs: host.jobs,
      viewer: host.viewer,
      confirmations: host.confirmations,
      write: host.write,
      onJob: (jobId) => {
        host.workflowJobs.set(id, { startedAt: activity.startedAt, jobId });
        return host.write('job', async (store) => {
          const current = await instanceRow(store, id);
          await store.stacks.updateInstance(id, {
            lastJob: { workflow: activity.workflow, jobId, startedAt: activity.startedAt },
            ...(current.activity ? { activity: { ...current.activity, jobId } } : {}),
          });
        });
      },
    },
    { id, name: row.name, stack, version: row.version, environment: row.environment, params: row.params },
    activity,
    host.liveDocument(id) ?? (await host.stacks.version(host.viewer, stack, row.machineVersion)),
    signal,
  );
}
