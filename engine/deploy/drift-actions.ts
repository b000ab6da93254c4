import type { DriftRecord, DriftResolutionResult } from '../api/schemas/deployments.js';
import type { ComponentContent } from '../components/component-service.js';
import { compileValidator, type JsonSchema } from '../components/json-schema.js';
import { NimbusError } from '../errors.js';
import type { ResolvedValue } from '../planning/resolved-value.js';
import type { DeploymentRecord } from '../store/ports/deployment-records.js';
import { checkDrift, deployComponent } from './component-saga.js';
import type { DeployContext } from './deploy-context.js';

/**
 * A repair or accept that cannot be done as asked: nothing drifted, the deployment is gone, a field
 * is not among the drifted ones or cannot be taken into the record. Codes: `deployment_not_deployed`,
 * `not_drifted`, `drift_field_unknown`, `drift_not_acceptable`.
 */
export class DriftActionError extends NimbusError {
  override name = 'DriftActionError';
}

/** One parameter an accept takes into the record: its recorded value and the real object's. */
export interface AcceptedField {
  name: string;
  from: unknown;
  to: unknown;
}

/** What an accept will write: the fields and the record's new values. */
export interface AcceptancePlan {
  accepted: AcceptedField[];
  values: Record<string, ResolvedValue>;
}

const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** Refuses a deployment that is not deployed, or whose latest drift check found no drift; returns that check. */
export function drifting(record: DeploymentRecord, latest: DriftRecord | undefined, action: 'repair' | 'accept'): DriftRecord {
  if (!record.everDeployed || record.status !== 'deployed') {
    throw new DriftActionError(
      'deployment_not_deployed',
      `${record.label} (${record.id}) is ${record.status}; only a deployed component's drift can be ${action === 'repair' ? 'repaired' : 'accepted'}`,
      {
        deploymentId: record.id,
        status: record.status,
      },
    );
  }
  if (!latest || !latest.drifted) {
    const when = latest ? `its latest drift check (${latest.lastCheckedAt}) found it in sync` : 'it has never been checked for drift';
    throw new DriftActionError(
      'not_drifted',
      `${record.label} has no drift to ${action}: ${when}. Run a drift check first if you think it changed since.`,
      { deploymentId: record.id },
    );
  }
  return latest;
}

/** Why a drifted property cannot become a parameter value, or null when it can. */
function unacceptable(record: DeploymentRecord, content: ComponentContent, name: string, actual: unknown): string | null {
  const properties = (content.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  if (!(name in properties))
    return `${name} is no parameter of ${record.component}@${record.version} (the program sets it itself); repair it instead`;
  if (content.secretInputs.includes(name) || actual === '[secret]')
    return `${name} is a secret, whose real value Nimbus does not read; repair it instead`;
  if (actual === '[unknown]' || actual === undefined) return `the real value of ${name} is unknown; check drift again or repair it`;
  const binding = (content.resolverBindings as Record<string, { resolver?: string }>)[name];
  if (binding)
    return `${name} is allocated by the ${binding.resolver ?? ''} resolver; taking another value would bypass the allocation, so repair it instead`;
  const recorded = record.values[name];
  if (recorded?.source === 'wire')
    return `${name} comes from a wire (${recorded.detail ?? 'an upstream output'}); change it upstream or repair it`;
  return null;
}

/**
 * Decides what accepting drift writes: for each chosen property (every drifted one for 'all') the
 * real object's value becomes the parameter's value, with source `drift-accepted` and the value it
 * replaced. Refuses the whole accept when a chosen property is not drifted, or cannot be a parameter
 * value (a deleted object, an output, a secret, a wired or allocated input, a value the component's
 * contract refuses), so nothing is half-accepted.
 */
export function planAcceptance(
  record: DeploymentRecord,
  latest: DriftRecord,
  content: ComponentContent,
  fields: readonly string[] | 'all',
  at = new Date().toISOString(),
): AcceptancePlan {
  const found = new Map<string, unknown>();
  const deleted: string[] = [];
  const conflicts = new Set<string>();
  for (const entry of latest.entries) {
    if (entry.change === 'deleted') {
      deleted.push(`${entry.urn.split('::').pop()} was deleted; there is no real value to accept, repair recreates it`);
      continue;
    }
    for (const property of entry.properties) {
      if (found.has(property.name) && shown(found.get(property.name)) !== shown(property.actual)) conflicts.add(property.name);
      found.set(property.name, property.actual);
    }
  }
  if (fields !== 'all') {
    if (fields.length === 0)
      throw new DriftActionError('invalid_input', 'Name at least one drifted field to accept, or accept all of them', {});
    const unknown = fields.filter((name) => !found.has(name));
    if (unknown.length > 0) {
      const drifted = [...found.keys()].sort();
      throw new DriftActionError(
        'drift_field_unknown',
        `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the drifted properties of ${record.label} (drifted: ${drifted.join(', ') || 'none'})`,
        {
          deploymentId: record.id,
          fields: unknown,
          drifted,
        },
      );
    }
  }
  const chosen = fields === 'all' ? [...found.keys()].sort() : [...new Set(fields)];
  // A deleted object is part of what 'all' asks for; named fields are judged on their own.
  const relevant = fields === 'all' ? [...deleted] : [];
  for (const name of chosen) {
    const problem = conflicts.has(name)
      ? `${name} differs on several resources with different values`
      : unacceptable(record, content, name, found.get(name));
    if (problem) relevant.push(problem);
  }
  if (relevant.length > 0) {
    throw new DriftActionError('drift_not_acceptable', `Cannot accept the drift of ${record.label}: ${relevant.join('; ')}`, {
      deploymentId: record.id,
      problems: relevant,
    });
  }
  const values: Record<string, ResolvedValue> = { ...record.values };
  const accepted: AcceptedField[] = [];
  for (const name of chosen) {
    const actual = found.get(name);
    const current = record.values[name];
    const replaced = current?.source === 'drift-accepted' ? current.replaced : current?.value;
    values[name] = {
      value: structuredClone(actual),
      source: 'drift-accepted',
      detail: `accepted from drift on ${at.slice(0, 10)}; was ${current ? shown(current.value) : 'not set'}`,
      replaced: structuredClone(replaced),
    };
    accepted.push({ name, from: current?.value, to: actual });
  }
  const concrete = Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => !v.pending)
      .map(([key, v]) => [key, v.value]),
  );
  const issues = compileValidator(content.inputSchema)(concrete).filter((issue) =>
    chosen.some((name) => issue.path === `/${name}` || issue.path.startsWith(`/${name}/`)),
  );
  if (issues.length > 0) {
    const detail = issues.map((issue) => `${issue.path.slice(1)} ${issue.message}`).join('; ');
    throw new DriftActionError(
      'drift_not_acceptable',
      `Cannot accept the drift of ${record.label}: the real value does not fit ${record.component}@${record.version}: ${detail}; repair it instead`,
      {
        deploymentId: record.id,
        problems: issues.map((issue) => `${issue.path.slice(1)} ${issue.message}`),
      },
    );
  }
  return { accepted, values };
}

/** Checks drift again after a repair or accept and records the outcome with what was done. */
async function settle(
  context: DeployContext,
  record: DeploymentRecord,
  change: 'repaired' | 'accepted',
  note: string,
  accepted: AcceptedField[],
): Promise<DriftResolutionResult> {
  const entries = await checkDrift(context, record, { change, note });
  const latest = (await context.store.drift.latestDrift(record.id))!;
  return {
    deploymentId: record.id,
    label: record.label,
    action: change === 'repaired' ? 'repair' : 'accept',
    accepted,
    drifted: entries.length > 0,
    record: latest,
  };
}

/**
 * Repairs drift: deploys the recorded values again with a refresh first, so every real object that
 * was edited or removed is put back as recorded; then checks drift again and records the outcome.
 */
export async function repairDrift(context: DeployContext, record: DeploymentRecord): Promise<DriftResolutionResult> {
  context.emit({
    type: 'node.status',
    nodeId: record.nodeId,
    label: record.label,
    status: 'updating',
    message: 'repairing drift: deploying the recorded values again',
  });
  const { record: deployed } = await deployComponent(context, record, record.values, record.version, { refresh: true });
  context.emit({
    type: 'node.status',
    nodeId: record.nodeId,
    label: record.label,
    status: 'refreshing',
    message: 'checking drift after the repair',
  });
  const result = await settle(context, deployed, 'repaired', 'recorded values deployed again', []);
  context.emit({
    type: 'node.status',
    nodeId: record.nodeId,
    label: record.label,
    status: result.drifted ? 'failed' : 'succeeded',
    message: result.drifted ? 'still drifted after the repair' : 'in sync',
    outputs: deployed.outputs,
  });
  return result;
}

/**
 * Accepts drift: the record takes the real values (see {@link planAcceptance}), and they are deployed
 * so Pulumi's state declares them too (the objects already have them; other drifted properties that
 * were not accepted are put back as recorded). Then drift is checked again and the outcome recorded.
 */
export async function acceptDrift(context: DeployContext, record: DeploymentRecord, plan: AcceptancePlan): Promise<DriftResolutionResult> {
  const names = plan.accepted.map((field) => field.name).join(', ');
  context.emit({
    type: 'node.status',
    nodeId: record.nodeId,
    label: record.label,
    status: 'updating',
    message: `accepting drift of ${names}`,
  });
  const { record: deployed } = await deployComponent(context, record, plan.values, record.version, { refresh: true });
  context.emit({
    type: 'node.status',
    nodeId: record.nodeId,
    label: record.label,
    status: 'refreshing',
    message: 'checking drift after the accept',
  });
  const note = `accepted ${plan.accepted.map((field) => `${field.name} ${shown(field.from)} → ${shown(field.to)}`).join(', ')}`;
  const result = await settle(context, deployed, 'accepted', note, plan.accepted);
  context.emit({
    type: 'node.status',
    nodeId: record.nodeId,
    label: record.label,
    status: result.drifted ? 'failed' : 'succeeded',
    message: result.drifted ? 'still drifted after the accept' : 'in sync',
    outputs: deployed.outputs,
  });
  return result;
}
