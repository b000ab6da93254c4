import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';
import { NimbusError, ValidationError } from '../errors.js';
import type { JsonSchema } from './json-schema.js';
import { excerpt } from '../text/excerpt.js';
import {
  CAPACITY_OUTPUTS,
  IMAGE_ARCHITECTURES,
  IMAGE_KINDS,
  IPAM_ALLOCATIONS,
  IPAM_PREFIX_LIMITS,
  NAMING_OUTPUTS,
  SECRET_LENGTH_LIMITS,
  bindingMismatch,
  bindingNeedsPrefix,
  type ProducedValue,
  type ResolverBinding as CommonResolverBinding,
} from '../common/resolver-bindings.js';

/** How one input gets its value from a resolver at resolution time. */
export const ResolverBindingSchema = z.discriminatedUnion('resolver', [
  z
    .object({
      resolver: z.literal('ipam'),
      /**
       * Pool name. Without one, a node wired to a network (a `…network_id` reference, a Proxmox
       * bridge) takes its address and gateway from that network's subnet, any other from the
       * environment's pool.
       */
      pool: z.string().min(1).optional(),
      /** `address` or `subnet` (next free), or `gateway`: the gateway of the scope addresses come from, reserving nothing. */
      allocate: z.enum(IPAM_ALLOCATIONS).default('address'),
      prefix: z.number().int().min(IPAM_PREFIX_LIMITS.min).max(IPAM_PREFIX_LIMITS.max).optional(),
    })
    .strict(),
  z
    .object({
      resolver: z.literal('naming'),
      pattern: z.string().min(1).optional(),
      /** `name` (default): a unique name from the pattern; `domain`: the environment's DNS domain (a record's zone). */
      output: z.enum(NAMING_OUTPUTS).optional(),
    })
    .strict(),
  z
    .object({
      resolver: z.literal('image_catalog'),
      osFamily: z.string().min(1),
      osVersion: z.string().min(1),
      arch: z.enum(IMAGE_ARCHITECTURES).optional(),
      kind: z.enum(IMAGE_KINDS).optional(),
    })
    .strict(),
  z
    .object({
      resolver: z.literal('secret'),
      length: z.number().int().min(SECRET_LENGTH_LIMITS.min).max(SECRET_LENGTH_LIMITS.max).optional(),
    })
    .strict(),
  // Bare metal: the machine placed for the node (engine/baremetal/placement.ts), or one of its BMC's fields.
  z
    .object({
      resolver: z.literal('capacity'),
      output: z.enum(CAPACITY_OUTPUTS).optional(),
    })
    .strict(),
]);
export type ResolverBinding = z.infer<typeof ResolverBindingSchema>;

// The schema and the common layer's type (what the component editor builds) describe the same
// bindings: this fails to compile when one gains a field or a value the other lacks.
type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameShape: SameShape<ResolverBinding, CommonResolverBinding> = true;

export const ResolverBindingsSchema = z.record(z.string().min(1), ResolverBindingSchema);
export type ResolverBindings = z.infer<typeof ResolverBindingsSchema>;

/** How the engine's messages name what a resolver produces. */
const PRODUCED_LABELS: Record<ProducedValue, string> = {
  address: 'ipam (an IP address)',
  gateway: 'ipam (a gateway address)',
  subnet: 'ipam (a CIDR subnet)',
  name: 'naming (a name)',
  domain: 'naming (a DNS domain)',
  image: 'image_catalog (an image id)',
  secret: 'secret (a secret value)',
  machine: 'capacity (a bare-metal machine)',
};

/** The bindings' shape checked; a refusal says in `details.field` that it is about the bindings, so an editor can point there. */
function parseBindings(raw: unknown): ResolverBindings {
  try {
    return parseOrThrow(ResolverBindingsSchema, raw, 'resolver_bindings');
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError('resolver_bindings', error.issues, { field: 'resolverBindings' });
    throw error;
  }
}

/**
 * Validates resolver bindings against a component's input schema: every bound input must exist, and
 * the resolver's output must fit the input's declared type and format (the common rule in
 * engine/common/resolver-bindings.ts, which the component editor applies too). Errors name the input.
 */
export function checkBindings(raw: unknown, inputSchema: JsonSchema): ResolverBindings {
  const bindings = parseBindings(raw);
  const properties = (inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [input, binding] of Object.entries(bindings)) {
    const property = properties[input];
    if (!property) {
      throw new NimbusError('binding_unknown_input', `resolver_bindings.${input}: the input_schema has no property ${excerpt(input)}`, {
        input,
      });
    }
    const mismatch = bindingMismatch(binding, property);
    if (mismatch?.problem === 'type') {
      throw new NimbusError(
        'binding_type_mismatch',
        `resolver_bindings.${input}: ${PRODUCED_LABELS[mismatch.produced]} produces a string, but ${input} is declared as ${mismatch.declared.join(' | ')}`,
        {
          input,
        },
      );
    }
    if (mismatch?.problem === 'format') {
      throw new NimbusError(
        'binding_type_mismatch',
        `resolver_bindings.${input}: ${PRODUCED_LABELS[mismatch.produced]} does not produce values of format ${mismatch.format}`,
        { input, format: mismatch.format },
      );
    }
    if (bindingNeedsPrefix(binding)) {
      throw new NimbusError('binding_incomplete', `resolver_bindings.${input}: an ipam subnet binding needs a prefix length`, { input });
    }
  }
  return bindings;
}
