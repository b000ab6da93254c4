import type { ComponentContent } from '../api/entities';
import { propertiesOf, removeProperty, renameProperty, type JsonSchema } from './contract/contract-model';

export type { ComponentContent };
export type UpgradeStep = NonNullable<ComponentContent['upgrade']>;

/** Whether two contents are the same document (the dirty check of the editor). */
export function sameContent(a: ComponentContent, b: ComponentContent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const EMPTY_UPGRADE: UpgradeStep = { renameInputs: {}, removeInputs: [], setInputs: {} };

function withUpgrade(content: ComponentContent, upgrade: UpgradeStep): ComponentContent {
  const empty =
    Object.keys(upgrade.renameInputs).length === 0 && upgrade.removeInputs.length === 0 && Object.keys(upgrade.setInputs).length === 0;
  const next = { ...content };
  if (empty) delete next.upgrade;
  else next.upgrade = upgrade;
  return next;
}

/**
 * Renames an input everywhere the content names it: the contract, its resolver binding and the
 * secret list. When the input exists in the latest published version, the upgrade step records the
 * rename, so deployments of that version keep their value under the new name when upgraded.
 */
export function renameInput(
  content: ComponentContent,
  from: string,
  to: string,
  publishedInputs: readonly string[] = [],
): ComponentContent {
  if (from === to) return content;
  const bindings = Object.fromEntries(
    Object.entries(content.resolverBindings).map(([name, binding]) => [name === from ? to : name, binding]),
  );
  const next: ComponentContent = {
    ...content,
    inputSchema: renameProperty(content.inputSchema, from, to),
    resolverBindings: bindings,
    secretInputs: content.secretInputs.map((name) => (name === from ? to : name)),
  };
  const upgrade = structuredClone(content.upgrade ?? EMPTY_UPGRADE);
  // `from` may itself be the new name of a published input renamed earlier in this draft.
  const original =
    Object.keys(upgrade.renameInputs).find((key) => upgrade.renameInputs[key] === from) ?? (publishedInputs.includes(from) ? from : null);
  if (original === null) return next;
  if (original === to) delete upgrade.renameInputs[original];
  else upgrade.renameInputs[original] = to;
  return withUpgrade(next, upgrade);
}

/** Removes an input with its binding and secret flag; a published input is recorded as removed by the upgrade step. */
export function removeInput(content: ComponentContent, name: string, publishedInputs: readonly string[] = []): ComponentContent {
  const next: ComponentContent = {
    ...content,
    inputSchema: removeProperty(content.inputSchema, name),
    resolverBindings: Object.fromEntries(Object.entries(content.resolverBindings).filter(([key]) => key !== name)),
    secretInputs: content.secretInputs.filter((entry) => entry !== name),
  };
  const upgrade = structuredClone(content.upgrade ?? EMPTY_UPGRADE);
  const original =
    Object.keys(upgrade.renameInputs).find((key) => upgrade.renameInputs[key] === name) ?? (publishedInputs.includes(name) ? name : null);
  if (original === null) return next;
  delete upgrade.renameInputs[original];
  if (!upgrade.removeInputs.includes(original)) upgrade.removeInputs.push(original);
  return withUpgrade(next, upgrade);
}

/** Adds an input again that the upgrade step says was removed: it is no longer removed. */
export function restoreRemovedInput(content: ComponentContent, name: string): ComponentContent {
  if (!content.upgrade?.removeInputs.includes(name)) return content;
  return withUpgrade(content, { ...content.upgrade, removeInputs: content.upgrade.removeInputs.filter((entry) => entry !== name) });
}

export function setSecret(content: ComponentContent, name: string, secret: boolean): ComponentContent {
  const others = content.secretInputs.filter((entry) => entry !== name);
  return { ...content, secretInputs: secret ? [...others, name] : others };
}

/** The names of the inputs of a contract. */
export function inputNames(schema: JsonSchema): string[] {
  return Object.keys(propertiesOf(schema));
}

/** One line per upgrade instruction, for the note under the contract. */
export function describeUpgrade(upgrade: ComponentContent['upgrade']): string[] {
  if (!upgrade) return [];
  return [
    ...Object.entries(upgrade.renameInputs).map(([from, to]) => `${from} is carried over as ${to}`),
    ...upgrade.removeInputs.map((name) => `${name} is dropped`),
    ...Object.entries(upgrade.setInputs).map(([name, value]) => `${name} is set to ${JSON.stringify(value)}`),
  ];
}
