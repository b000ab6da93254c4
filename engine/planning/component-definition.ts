import type { ResolverBindings } from '../components/bindings.js';
import type { JsonSchema } from '../components/json-schema.js';

/** What resolution needs to know of one published component version. */
export interface ComponentDefinition {
  /** `name@version`. */
  ref: string;
  name: string;
  version: number;
  provider: string;
  semanticType: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  bindings: ResolverBindings;
}

/** Finds a component version by reference; throws a NimbusError naming what is unknown. */
export type ComponentLookup = (ref: string) => ComponentDefinition;

/**
 * Loads, before planning, the component versions a document references and returns a synchronous
 * lookup over them: the store is asynchronous, the planner is pure and synchronous.
 */
export type ComponentLoader = (refs: Iterable<string>) => Promise<ComponentLookup>;
