import type { Deployment, DeploymentStatus, NodeAction, NodeOutcome, NodeRunStatus } from '../api/entities';
import type { TagTone } from '../ui/Tag';

/** A deployment's status as people read it: a deployed component whose latest drift check found drift is *drifted*. */
export type DisplayStatus = DeploymentStatus | 'drifted';

/** The status to show for a deployment (see {@link DisplayStatus}). */
export const displayStatus = (deployment: Pick<Deployment, 'status' | 'drifted'>): DisplayStatus =>
  deployment.status === 'deployed' && deployment.drifted ? 'drifted' : deployment.status;

/** Colour of every status a deployment, a running node or a finished node can have, so each reads the same everywhere. */
export const DEPLOYMENT_STATUS_TONE: Record<DisplayStatus, TagTone> = {
  drifted: 'warning',
  pending: 'neutral',
  deploying: 'accent',
  upgrading: 'accent',
  destroying: 'warning',
  deployed: 'success',
  failed: 'danger',
  destroyed: 'neutral',
};

export const NODE_RUN_TONE: Record<NodeRunStatus, TagTone> = {
  waiting: 'neutral',
  previewing: 'accent',
  deploying: 'accent',
  updating: 'accent',
  destroying: 'warning',
  refreshing: 'accent',
  'rolling-back': 'warning',
  succeeded: 'success',
  unchanged: 'success',
  failed: 'danger',
  skipped: 'warning',
  cancelled: 'warning',
};

export const OUTCOME_TONE: Record<NodeOutcome, TagTone> = {
  created: 'success',
  updated: 'success',
  unchanged: 'neutral',
  destroyed: 'neutral',
  refreshed: 'teal',
  failed: 'danger',
  skipped: 'warning',
  cancelled: 'warning',
};

export const ACTION_TONE: Record<NodeAction, TagTone> = {
  create: 'success',
  update: 'accent',
  delete: 'danger',
  unchanged: 'neutral',
};

/** Statuses of deployments that still stand (shown in counts and lists by default). */
export const LIVE_STATUSES: readonly DeploymentStatus[] = ['pending', 'deploying', 'upgrading', 'destroying', 'deployed', 'failed'];

/** The statuses the Deployments list can be filtered by, in the order people think of them ('deployed' includes drifted ones). */
export const DEPLOYMENT_STATUSES: readonly DisplayStatus[] = [
  'deployed',
  'drifted',
  'failed',
  'deploying',
  'upgrading',
  'destroying',
  'pending',
  'destroyed',
];
