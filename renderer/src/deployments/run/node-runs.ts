import type { JobEvent, JobStatus } from '../../../../engine/api/contract';
import type { NodeRunStatus } from '../../api/entities';
import { describeJobEvent, type EventTone } from '../../jobs/job-events';

/** One line of a node's (or the job's) log. */
export interface RunLogLine {
  seq: number;
  at: string;
  text: string;
  tone: EventTone;
}

/** One node of a topology job, as its progress row shows it. */
export interface NodeRun {
  nodeId: string;
  label: string;
  status: NodeRunStatus;
  /** The last message the engine gave with a status (an error, a reason for skipping). */
  message: string | null;
  /** Outputs, once the node reported them. */
  outputs: Record<string, unknown> | null;
  log: RunLogLine[];
  /** Pulumi resources of the node: how many started, finished and failed. */
  resources: { started: number; finished: number; failed: number };
}

/** Everything a progress view shows of a topology job, derived from its events alone. */
export interface JobRunView {
  /** Seeded nodes first, in the order given, then nodes in the order the job first named them. */
  nodes: NodeRun[];
  /** The last `job.progress`, or null before the first. */
  progress: { done: number; total: number } | null;
  /** Log lines that belong to no node. */
  log: RunLogLine[];
  /** The job's final status, once `job.finished` arrived. */
  finished: JobStatus | null;
  /** The error the job finished with, if any. */
  error: { code: string; message: string } | null;
}

const TERMINAL: ReadonlySet<NodeRunStatus> = new Set(['succeeded', 'unchanged', 'failed', 'skipped', 'cancelled']);

/** Whether a node is done, one way or another. */
export const isTerminalNodeStatus = (status: NodeRunStatus): boolean => TERMINAL.has(status);

/** Statuses of a node whose Pulumi work is under way now (not waiting, not done). */
const ACTIVE: ReadonlySet<NodeRunStatus> = new Set(['previewing', 'deploying', 'updating', 'destroying', 'refreshing', 'rolling-back']);

/** Whether a node is being worked on right now. */
const isActiveNodeStatus = (status: NodeRunStatus): boolean => ACTIVE.has(status);

/** How many nodes run now, how many are done and how many there are, from the per-node events. */
export interface RunCounts {
  running: number;
  done: number;
  total: number;
}

/**
 * Counts the nodes of a run from their latest status. The total is the larger of the nodes known
 * (seeded from the plan, or named by the job) and the job's own `job.progress` total, so a node the
 * job has not named yet still counts.
 */
export function runCounts(view: JobRunView): RunCounts {
  const running = view.nodes.filter((entry) => isActiveNodeStatus(entry.status)).length;
  const done = view.nodes.filter((entry) => isTerminalNodeStatus(entry.status)).length;
  return { running, done, total: Math.max(view.nodes.length, view.progress?.total ?? 0) };
}

/** The progress line: "2 running · 3 of 7 done" while something runs, "7 of 7 done" otherwise. */
export function describeRunCounts({ running, done, total }: RunCounts): string {
  const finished = `${done} of ${total} done`;
  return running > 0 ? `${running} running · ${finished}` : finished;
}

/**
 * Folds a job's events (in `seq` order) into per-node rows: the latest status, message and outputs of
 * each node, its own log lines (`job.log` and resource events carrying its `nodeId`), and the job's
 * progress. `seed` lists the nodes known beforehand (from the plan), so they show as waiting at once.
 */
export function reduceJobRun(events: readonly JobEvent[], seed: readonly { nodeId: string; label: string }[] = []): JobRunView {
  const nodes = new Map<string, NodeRun>();
  const node = (nodeId: string, label?: string): NodeRun => {
    let entry = nodes.get(nodeId);
    if (!entry) {
      entry = {
        nodeId,
        label: label ?? nodeId,
        status: 'waiting',
        message: null,
        outputs: null,
        log: [],
        resources: { started: 0, finished: 0, failed: 0 },
      };
      nodes.set(nodeId, entry);
    }
    return entry;
  };
  for (const entry of seed) node(entry.nodeId, entry.label);

  const view: JobRunView = { nodes: [], progress: null, log: [], finished: null, error: null };
  for (const event of events) {
    const line = (): RunLogLine => ({ seq: event.seq, at: event.at, ...describeJobEvent(event) });
    switch (event.type) {
      case 'node.status': {
        const entry = node(event.nodeId, event.label);
        entry.label = event.label;
        entry.status = event.status;
        if (event.message !== undefined) entry.message = event.message;
        else if (event.status !== 'failed') entry.message = null;
        if (event.outputs) entry.outputs = event.outputs;
        entry.log.push({
          seq: event.seq,
          at: event.at,
          text: `${event.status}${event.message ? ` — ${event.message}` : ''}`,
          tone: line().tone,
        });
        break;
      }
      case 'job.log':
        (event.nodeId !== undefined ? node(event.nodeId).log : view.log).push(line());
        break;
      case 'resource.started':
      case 'resource.finished': {
        if (event.nodeId === undefined) {
          view.log.push(line());
          break;
        }
        const entry = node(event.nodeId);
        if (event.type === 'resource.started') entry.resources.started += 1;
        else if (event.status === 'failed') entry.resources.failed += 1;
        else entry.resources.finished += 1;
        entry.log.push({ ...line(), text: `${line().text} ${event.urn.split('::').pop() ?? ''}`.trimEnd() });
        break;
      }
      case 'job.progress':
        view.progress = { done: event.done, total: event.total };
        break;
      case 'job.finished':
        view.finished = event.status;
        view.error = event.error ? { code: event.error.code, message: event.error.message } : null;
        view.log.push(line());
        break;
      case 'job.started':
      case 'job.step':
        view.log.push(line());
        break;
    }
  }
  view.nodes = [...nodes.values()];
  return view;
}

/**
 * The share of the job that is done, 0–1: from `job.progress` when the engine sent one, else from the
 * nodes. Null while nothing measurable has happened yet (no progress, every node still waiting), so
 * the bar can show activity without claiming a number.
 */
export function progressFraction(view: JobRunView): number | null {
  if (view.finished === 'succeeded') return 1;
  if (view.progress && view.progress.total > 0) return Math.min(1, view.progress.done / view.progress.total);
  const done = view.nodes.filter((entry) => isTerminalNodeStatus(entry.status)).length;
  if (view.finished === null && view.nodes.every((entry) => entry.status === 'waiting')) return null;
  return view.nodes.length === 0 ? 0 : done / view.nodes.length;
}
