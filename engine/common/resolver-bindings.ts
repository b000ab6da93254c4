import { declaredFormat, declaredTypes } from './wire-compatibility.js';

/**
 * Resolver bindings (an input filled by a resolver at resolution time): their shape, limits and the
 * check that a resolver can fill an input of a given schema. The engine refuses a component whose
 * bindings fail the check (engine/components/bindings.ts); the component editor applies the same
 * check while the user picks a resolver. Each side words the outcome for its own readers.
 */

/** The resolvers an input can be bound to. */
export const RESOLVER_NAMES = ['ipam', 'naming', 'image_catalog', 'secret', 'capacity'] as const;
export type ResolverName = (typeof RESOLVER_NAMES)[number];

/** What an IPAM binding takes: the next free address or subnet, or the gateway of the scope addresses come from. */
export const IPAM_ALLOCATIONS = ['address', 'subnet', 'gateway'] as const;
export type IpamAllocation = (typeof IPAM_ALLOCATIONS)[number];

/** What a naming binding gives: a unique name from the pattern, or the environment's DNS domain. */
export const NAMING_OUTPUTS = ['name', 'domain'] as const;
export type NamingOutput = (typeof NAMING_OUTPUTS)[number];

/**
 * What a capacity binding gives: the registered bare-metal machine placed for the node (its id), or
 * its BMC's address, Redfish system id, or the names of the environment variables holding its login.
 */
export const CAPACITY_OUTPUTS = ['machine', 'bmc_address', 'bmc_system', 'bmc_username_env', 'bmc_password_env'] as const;
export type CapacityOutput = (typeof CAPACITY_OUTPUTS)[number];

export const IMAGE_ARCHITECTURES = ['amd64', 'arm64'] as const;
export const IMAGE_KINDS = ['disk-image', 'container-template'] as const;

/** The prefix length an IPAM binding may ask for (IPv4 and IPv6). */
export const IPAM_PREFIX_LIMITS = { min: 0, max: 128 } as const;
/** The length of a generated secret. */
export const SECRET_LENGTH_LIMITS = { min: 8, max: 1024 } as const;

export type IpamBinding = { resolver: 'ipam'; pool?: string; allocate: IpamAllocation; prefix?: number };
export type NamingBinding = { resolver: 'naming'; pattern?: string; output?: NamingOutput };
export type ImageBinding = {
  resolver: 'image_catalog';
  osFamily: string;
  osVersion: string;
  arch?: (typeof IMAGE_ARCHITECTURES)[number];
  kind?: (typeof IMAGE_KINDS)[number];
};
export type SecretBinding = { resolver: 'secret'; length?: number };
/** A bare-metal machine placed on a registered machine that meets the node's requirements (`min_cores`, …). */
export type CapacityBinding = { resolver: 'capacity'; output?: CapacityOutput };
/** One input's binding, as the engine stores it in a component's `resolver_bindings`. */
export type ResolverBinding = IpamBinding | NamingBinding | ImageBinding | SecretBinding | CapacityBinding;

/** The fields of a binding that decide what it produces (an IPAM binding without `allocate` allocates an address). */
export interface BindingKind {
  resolver: ResolverName;
  allocate?: IpamAllocation | undefined;
  output?: NamingOutput | CapacityOutput | undefined;
}

/** What a binding produces; every resolver produces a string. */
export type ProducedValue = 'address' | 'gateway' | 'subnet' | 'name' | 'domain' | 'image' | 'secret' | 'machine';

/** What `binding` produces at resolution time. */
export function producedValue(binding: BindingKind): ProducedValue {
  switch (binding.resolver) {
    case 'ipam':
      return binding.allocate ?? 'address';
    case 'naming':
      return binding.output === 'domain' ? 'domain' : 'name';
    case 'image_catalog':
      return 'image';
    case 'secret':
      return 'secret';
    case 'capacity':
      return 'machine';
  }
}

/** The JSON Schema formats a produced value satisfies: an input declaring another format cannot take it. */
export function producedFormats(value: ProducedValue): readonly string[] {
  switch (value) {
    case 'address':
    case 'gateway':
      return ['ipv4', 'ipv6'];
    case 'name':
    case 'domain':
      return ['hostname'];
    default:
      return [];
  }
}

/** Why a resolver cannot fill an input: the input is not a string, or declares a format the resolver does not produce. */
export type BindingMismatch =
  | { problem: 'type'; produced: ProducedValue; declared: string[] }
  | { problem: 'format'; produced: ProducedValue; format: string; formats: readonly string[] };

/**
 * Whether `binding` can fill an input whose property schema is `property`, or null when it can. An
 * input that declares no type takes the string every resolver produces; a declared format must be one
 * the resolver's values satisfy.
 */
export function bindingMismatch(binding: BindingKind, property: unknown): BindingMismatch | null {
  const produced = producedValue(binding);
  const declared = declaredTypes(property);
  if (declared.length > 0 && !declared.includes('string')) return { problem: 'type', produced, declared };
  const format = declaredFormat(property);
  const formats = producedFormats(produced);
  if (format && !formats.includes(format)) return { problem: 'format', produced, format, formats };
  return null;
}

/** Whether a binding lacks what it needs to run: an IPAM subnet needs a prefix length. */
export function bindingNeedsPrefix(binding: BindingKind & { prefix?: number | undefined }): boolean {
  return binding.resolver === 'ipam' && binding.allocate === 'subnet' && binding.prefix === undefined;
}
