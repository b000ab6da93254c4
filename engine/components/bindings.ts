import { z } from 'zod';
import { parseOrThrow } from '../api/validate.js';
import { NimbusError, ValidationError } from '../errors.js';
import type { JsonSchema } from './json-schema.js';
import { excerpt } from '../text/excerpt.js';

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
      allocate: z.enum(['address', 'subnet', 'gateway']).default('address'),
      prefix: z.number().int().min(0).max(128).optional(),
    })
    .strict(),
  z
    .object({
      resolver: z.literal('naming'),
      pattern: z.string().min(1).optional(),
      /** `name` (default): a unique name from the pattern; `domain`: the environment's DNS domain (a record's zone). */
      output: z.enum(['name', 'domain']).optional(),
    })
    .strict(),
  z
    .object({
      resolver: z.literal('image_catalog'),
      osFamily: z.string().min(1),
      osVersion: z.string().min(1),
      arch: z.enum(['amd64', 'arm64']).optional(),
      kind: z.enum(['disk-image', 'container-template']).optional(),
    })
    .strict(),
  z.object({ resolver: z.literal('secret'), length: z.number().int().min(8).max(1024).optional() }).strict(),
]);
export type ResolverBinding = z.infer<typeof ResolverBindingSchema>;

export const ResolverBindingsSchema = z.record(z.string().min(1), ResolverBindingSchema);
export type ResolverBindings = z.infer<typeof ResolverBindingsSchema>;

/** What each resolver produces: its JSON type and, where it matters, the formats it satisfies. */
function producedFormats(binding: ResolverBinding): { type: 'string'; formats: string[] | null; label: string } {
  switch (binding.resolver) {
    case 'ipam':
      if (binding.allocate === 'gateway') return { type: 'string', formats: ['ipv4', 'ipv6'], label: 'ipam (a gateway address)' };
      return binding.allocate === 'address'
        ? { type: 'string', formats: ['ipv4', 'ipv6'], label: 'ipam (an IP address)' }
        : { type: 'string', formats: [], label: 'ipam (a CIDR subnet)' };
    case 'naming':
      return binding.output === 'domain' ? { type: 'string', formats: ['hostname'], label: 'naming (a DNS domain)' } : { type: 'string', formats: ['hostname'], label: 'naming (a name)' };
    case 'image_catalog':
      return { type: 'string', formats: [], label: 'image_catalog (an image id)' };
    case 'secret':
      return { type: 'string', formats: [], label: 'secret (a secret value)' };
  }
}

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
 * the resolver's output must fit the input's declared type and format. Errors name the input.
 */
export function checkBindings(raw: unknown, inputSchema: JsonSchema): ResolverBindings {
  const bindings = parseBindings(raw);
  const properties = (inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [input, binding] of Object.entries(bindings)) {
    const property = properties[input];
    if (!property) {
      throw new NimbusError('binding_unknown_input', `resolver_bindings.${input}: the input_schema has no property ${excerpt(input)}`, { input });
    }
    const produced = producedFormats(binding);
    const types = typeof property.type === 'string' ? [property.type] : Array.isArray(property.type) ? property.type : [];
    if (types.length > 0 && !types.includes(produced.type)) {
      throw new NimbusError('binding_type_mismatch', `resolver_bindings.${input}: ${produced.label} produces a ${produced.type}, but ${input} is declared as ${types.join(' | ')}`, {
        input,
      });
    }
    const format = typeof property.format === 'string' ? property.format : undefined;
    if (format && produced.formats !== null && !produced.formats.includes(format)) {
      throw new NimbusError('binding_type_mismatch', `resolver_bindings.${input}: ${produced.label} does not produce values of format ${format}`, { input, format });
    }
    if (binding.resolver === 'ipam' && binding.allocate === 'subnet' && binding.prefix === undefined) {
      throw new NimbusError('binding_incomplete', `resolver_bindings.${input}: an ipam subnet binding needs a prefix length`, { input });
    }
  }
  return bindings;
}
