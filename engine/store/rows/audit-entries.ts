/**
 * The audit entries both stores write for the changes they make themselves (deployments, topologies,
 * settings), so a change reads the same in the audit trail whichever store made it.
 */
import type { TopologyDocument } from '../../api/schemas/topology.js';
import type { AuditEntry, DeploymentRecord, NewDeployment } from '../ports/deployment-records.js';

/** A deployment was recorded; its resolved values stay out of the trail. */
export const deploymentCreated = (actor: string, deployment: NewDeployment): AuditEntry => ({
  actor,
  action: 'deployment.create',
  entity: 'deployment',
  entityId: deployment.id,
  oldValue: null,
  newValue: { ...deployment, values: undefined },
});

/** A deployment's status changed (from `before` to `after`). */
export const deploymentStatusChanged = (
  actor: string,
  id: string,
  before: Pick<DeploymentRecord, 'status'>,
  after: Pick<DeploymentRecord, 'status' | 'error'>,
): AuditEntry => ({
  actor,
  action: `deployment.${after.status}`,
  entity: 'deployment',
  entityId: id,
  oldValue: { status: before.status },
  newValue: { status: after.status, error: after.error },
});

/** A deployment's record was removed. */
export const deploymentForgotten = (actor: string, id: string, status: DeploymentRecord['status']): AuditEntry => ({
  actor,
  action: 'deployment.forget',
  entity: 'deployment',
  entityId: id,
  oldValue: { status },
  newValue: null,
});

/** A topology was created. */
export const topologyCreated = (actor: string, id: string, name: string, document: TopologyDocument): AuditEntry => ({
  actor,
  action: 'topology.create',
  entity: 'topology',
  entityId: id,
  oldValue: null,
  newValue: { name, document },
});

/** A topology was saved as the revision after `before.revision`. */
export const topologySaved = (
  actor: string,
  id: string,
  before: { name: string; revision: number; document: TopologyDocument },
  name: string,
  document: TopologyDocument,
): AuditEntry => ({
  actor,
  action: 'topology.save',
  entity: 'topology',
  entityId: id,
  oldValue: { name: before.name, revision: before.revision, document: before.document },
  newValue: { name, revision: before.revision + 1, document },
});

/**
 * A shared topology's document took a change (a live edit, a merge), saved as the revision after
 * `before.revision`. The row names the document's heads instead of holding both versions: the
 * document keeps every change with its author (its history), and a live edit of a 1,000-node
 * topology would otherwise write about a megabyte of audit per keystroke.
 */
export const topologyMerged = (
  actor: string,
  id: string,
  before: { name: string; revision: number },
  name: string,
  heads: readonly string[],
): AuditEntry => ({
  actor,
  action: 'topology.save',
  entity: 'topology',
  entityId: id,
  oldValue: { name: before.name, revision: before.revision },
  newValue: { name, revision: before.revision + 1, documentHeads: [...heads] },
});

/** A topology was deleted. */
export const topologyDeleted = (actor: string, id: string, before: { name: string; revision: number }): AuditEntry => ({
  actor,
  action: 'topology.delete',
  entity: 'topology',
  entityId: id,
  oldValue: { name: before.name, revision: before.revision },
  newValue: null,
});

/** One setting changed. */
export const settingUpdated = (actor: string, key: string, oldValue: unknown, newValue: unknown): AuditEntry => ({
  actor,
  action: 'settings.update',
  entity: 'setting',
  entityId: key,
  oldValue,
  newValue,
});
