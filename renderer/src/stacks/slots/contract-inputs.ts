import type { JsonObject } from '../model/parameter-schema';
import { properties, requiredNames } from '../model/parameter-schema';

/** One input of a component's contract, as the slot's expression table lists it. */
export interface ContractInput {
  name: string;
  type: string;
  required: boolean;
  description: string;
  /** The schema's default, shown as the placeholder of an empty expression. */
  defaultText: string | null;
}

/** Inputs of an input schema in declaration order; required ones first keep the contract's order too. */
export function contractInputs(schema: unknown): ContractInput[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [];
  const object = schema as JsonObject;
  const required = new Set(requiredNames(object));
  return Object.entries(properties(object)).map(([name, property]) => ({
    name,
    type: typeof property['type'] === 'string' ? property['type'] : 'any',
    required: required.has(name),
    description: typeof property['description'] === 'string' ? property['description'] : '',
    defaultText: property['default'] === undefined ? null : JSON.stringify(property['default']),
  }));
}

/** Output names of an output schema (what `slots.<slot>.<output>` may read). */
export function contractOutputs(schema: unknown): string[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [];
  return Object.keys(properties(schema as JsonObject));
}
