/**
 * The governance form's model: a tenant's policy as rows a person edits (text fields stay text until
 * saved), and the conversions both ways. `toPolicy` names the row and field of every mistake it finds;
 * the engine validates the result again when it is saved.
 */

import type { GovernancePolicy } from '../api/entities';
import { rowKey } from '../ui/editable-rows';

type ConstraintValue = GovernancePolicy['constraints'][string][string];

export interface LimitRow {
  key: number;
  component: string;
  max: string;
}

export interface ConstraintRow {
  key: number;
  component: string;
  parameter: string;
  minimum: string;
  maximum: string;
  /** Allowed values separated by commas; numbers and true/false are read as such. */
  values: string;
  pattern: string;
}

export interface GovernanceDraft {
  /** When true only `allow` may be used; otherwise anything not denied. */
  restrictToAllowed: boolean;
  allow: string[];
  deny: string[];
  limits: LimitRow[];
  constraints: ConstraintRow[];
}

export function emptyLimit(): LimitRow {
  return { key: rowKey(), component: '', max: '1' };
}

export function emptyConstraint(): ConstraintRow {
  return { key: rowKey(), component: '', parameter: '', minimum: '', maximum: '', values: '', pattern: '' };
}

/** The form's rows for a stored policy. */
export function toDraft(policy: GovernancePolicy): GovernanceDraft {
  return {
    restrictToAllowed: policy.allow !== undefined,
    allow: [...(policy.allow ?? [])],
    deny: [...policy.deny],
    limits: Object.entries(policy.maxInstances).map(([component, max]) => ({ key: rowKey(), component, max: String(max) })),
    constraints: Object.entries(policy.constraints).flatMap(([component, parameters]) =>
      Object.entries(parameters).map(([parameter, rule]) => ({
        key: rowKey(),
        component,
        parameter,
        minimum: rule.minimum === undefined ? '' : String(rule.minimum),
        maximum: rule.maximum === undefined ? '' : String(rule.maximum),
        values: rule.enum ? rule.enum.map(String).join(', ') : '',
        pattern: rule.pattern ?? '',
      })),
    ),
  };
}

export type DraftResult = { ok: true; policy: GovernancePolicy } | { ok: false; problems: string[] };

/** The policy the rows describe, or every mistake in them, each naming its row. */
export function toPolicy(draft: GovernanceDraft): DraftResult {
  const problems: string[] = [];
  const allow = unique(draft.allow);
  const deny = unique(draft.deny);
  if (draft.restrictToAllowed && allow.length === 0)
    problems.push('Only allowed components: add at least one component, or allow any component.');
  const both = deny.filter((name) => draft.restrictToAllowed && allow.includes(name));
  if (both.length > 0) problems.push(`${both.join(', ')} cannot be both allowed and denied.`);

  const maxInstances: Record<string, number> = {};
  draft.limits.forEach((row, index) => {
    const where = `Instance limit ${index + 1}`;
    const component = row.component.trim();
    if (!component) problems.push(`${where}: choose a component.`);
    const max = wholeNumber(row.max);
    if (max === null) problems.push(`${where}: the most instances must be a whole number of 0 or more (not “${row.max}”).`);
    if (component && component in maxInstances) problems.push(`${where}: ${component} already has a limit.`);
    if (component && max !== null) maxInstances[component] = max;
  });

  const constraints: Record<string, Record<string, ConstraintValue>> = {};
  draft.constraints.forEach((row, index) => {
    const where = `Constraint ${index + 1}`;
    const component = row.component.trim();
    const parameter = row.parameter.trim();
    if (!component) problems.push(`${where}: choose a component.`);
    if (!parameter) problems.push(`${where}: name the parameter.`);
    const rule: ConstraintValue = {};
    const minimum = optionalNumber(row.minimum);
    const maximum = optionalNumber(row.maximum);
    if (minimum === null) problems.push(`${where}: the minimum must be a number (not “${row.minimum}”).`);
    else if (minimum !== undefined) rule.minimum = minimum;
    if (maximum === null) problems.push(`${where}: the maximum must be a number (not “${row.maximum}”).`);
    else if (maximum !== undefined) rule.maximum = maximum;
    if (typeof minimum === 'number' && typeof maximum === 'number' && minimum > maximum)
      problems.push(`${where}: the minimum (${minimum}) is above the maximum (${maximum}).`);
    const values = parseValues(row.values);
    if (values.length > 0) rule.enum = values;
    if (row.pattern.trim()) rule.pattern = row.pattern.trim();
    if (Object.keys(rule).length === 0) problems.push(`${where}: give a minimum, a maximum, allowed values or a pattern.`);
    if (!component || !parameter) return;
    const forComponent = (constraints[component] ??= {});
    if (parameter in forComponent) problems.push(`${where}: ${component}.${parameter} already has a constraint.`);
    forComponent[parameter] = rule;
  });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, policy: { ...(draft.restrictToAllowed ? { allow } : {}), deny, constraints, maxInstances } };
}

/**
 * A policy typed as JSON, read into the form's shape (the engine's defaults fill what it leaves out),
 * or why it cannot be: not JSON, or keys of the wrong kind. The engine checks the rest on save.
 */
export function readPolicyJson(text: string): DraftResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`The policy is not valid JSON: ${(error as Error).message}`] };
  }
  if (!isObject(raw)) return { ok: false, problems: ['The policy must be a JSON object.'] };
  const problems: string[] = [];
  const names = (key: string): string[] => {
    const value = raw[key];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((name) => typeof name === 'string')) return value as string[];
    problems.push(`${key} must be a list of component names.`);
    return [];
  };
  const entries = <T>(key: string): Record<string, T> => {
    const value = raw[key];
    if (value === undefined) return {};
    if (isObject(value)) return value as Record<string, T>;
    problems.push(`${key} must be an object.`);
    return {};
  };
  const policy: GovernancePolicy = {
    ...(raw.allow !== undefined ? { allow: names('allow') } : {}),
    deny: names('deny'),
    constraints: entries('constraints'),
    maxInstances: entries('maxInstances'),
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, policy };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the draft has no rule at all (every component, any parameters, any number). */
export function isEmptyPolicy(policy: GovernancePolicy): boolean {
  return (
    policy.allow === undefined &&
    policy.deny.length === 0 &&
    Object.keys(policy.constraints).length === 0 &&
    Object.keys(policy.maxInstances).length === 0
  );
}

function unique(names: string[]): string[] {
  return [...new Set(names.map((name) => name.trim()).filter(Boolean))];
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : null;
}

/** undefined when empty, null when not a number. */
function optionalNumber(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

function parseValues(text: string): (string | number | boolean)[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      if (item === 'true') return true;
      if (item === 'false') return false;
      const number = Number(item);
      return Number.isFinite(number) ? number : item;
    });
}
