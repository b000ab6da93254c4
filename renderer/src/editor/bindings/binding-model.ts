import {
  IPAM_PREFIX_LIMITS,
  RESOLVER_NAMES,
  SECRET_LENGTH_LIMITS,
  bindingMismatch as resolverMismatch,
  bindingNeedsPrefix,
  type ImageBinding,
  type IpamAllocation,
  type IpamBinding,
  type NamingBinding,
  type NamingOutput,
  type ProducedValue,
  type ResolverBinding,
  type SecretBinding,
} from '../../../../engine/common/resolver-bindings';

/**
 * The resolver binding editor's model: one form per input, turned into the binding the engine
 * stores. The shape and the checks are the engine's own (engine/common/resolver-bindings.ts), so
 * mistakes show while typing rather than on save.
 */

export const RESOLVER_KINDS = ['none', ...RESOLVER_NAMES] as const;
export type ResolverKind = (typeof RESOLVER_KINDS)[number];

export const RESOLVER_LABELS: Record<ResolverKind, string> = {
  none: 'None (a value from the user or a wire)',
  ipam: 'IPAM: an address or a subnet',
  naming: 'Naming: a name from a pattern',
  image_catalog: 'Image catalog: an OS image',
  secret: 'Secret: a generated value',
  capacity: 'Capacity: a bare-metal machine placed by requirements',
};

/** Everything the form holds, as typed; numbers stay text until they are read. */
export interface BindingForm {
  resolver: ResolverKind;
  pool: string;
  allocate: IpamAllocation;
  prefix: string;
  pattern: string;
  /** What the naming resolver gives: a name, or the environment's DNS domain. */
  output: NamingOutput;
  osFamily: string;
  osVersion: string;
  arch: '' | 'amd64' | 'arm64';
  imageKind: '' | 'disk-image' | 'container-template';
  length: string;
}

export type BindingField = Exclude<keyof BindingForm, 'resolver'>;
export type BindingErrors = Partial<Record<BindingField, string>>;

export const EMPTY_BINDING_FORM: BindingForm = {
  resolver: 'none',
  pool: '',
  allocate: 'address',
  prefix: '',
  pattern: '',
  output: 'name',
  osFamily: '',
  osVersion: '',
  arch: '',
  imageKind: '',
  length: '',
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/** The form of a stored binding (or of none); unknown fields are ignored, unknown resolvers read as none. */
export function formFromBinding(binding: unknown): BindingForm {
  if (!isRecord(binding)) return EMPTY_BINDING_FORM;
  const resolver = (RESOLVER_KINDS as readonly unknown[]).includes(binding['resolver']) ? (binding['resolver'] as ResolverKind) : 'none';
  return {
    ...EMPTY_BINDING_FORM,
    resolver,
    pool: text(binding['pool']),
    allocate: binding['allocate'] === 'subnet' || binding['allocate'] === 'gateway' ? binding['allocate'] : 'address',
    prefix: text(binding['prefix']),
    pattern: text(binding['pattern']),
    output: binding['output'] === 'domain' ? 'domain' : 'name',
    osFamily: text(binding['osFamily']),
    osVersion: text(binding['osVersion']),
    arch: binding['arch'] === 'amd64' || binding['arch'] === 'arm64' ? binding['arch'] : '',
    imageKind: binding['kind'] === 'disk-image' || binding['kind'] === 'container-template' ? binding['kind'] : '',
    length: text(binding['length']),
  };
}

function readInteger(value: string, min: number, max: number): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (!/^\d+$/.test(trimmed)) return `Enter a whole number from ${min} to ${max}.`;
  const number = Number(trimmed);
  return number < min || number > max ? `Enter a whole number from ${min} to ${max}.` : number;
}

/**
 * The binding a form describes, or null for "none"; `errors` names each field that stops it from
 * being one (the binding is then null too).
 */
export function bindingFromForm(form: BindingForm): { binding: ResolverBinding | null; errors: BindingErrors } {
  const errors: BindingErrors = {};
  switch (form.resolver) {
    case 'none':
      return { binding: null, errors };
    case 'ipam': {
      const prefix = readInteger(form.prefix, IPAM_PREFIX_LIMITS.min, IPAM_PREFIX_LIMITS.max);
      if (typeof prefix === 'string') errors.prefix = prefix;
      else if (bindingNeedsPrefix({ resolver: 'ipam', allocate: form.allocate, prefix }))
        errors.prefix = 'A subnet needs a prefix length, e.g. 24.';
      if (Object.keys(errors).length > 0) return { binding: null, errors };
      const binding: IpamBinding = { resolver: 'ipam', allocate: form.allocate };
      if (form.pool.trim()) binding.pool = form.pool.trim();
      if (typeof prefix === 'number' && form.allocate !== 'gateway') binding.prefix = prefix;
      return { binding, errors };
    }
    case 'naming': {
      const binding: NamingBinding = { resolver: 'naming' };
      if (form.output === 'domain') binding.output = 'domain';
      else if (form.pattern.trim()) binding.pattern = form.pattern.trim();
      return { binding, errors };
    }
    case 'image_catalog': {
      if (!form.osFamily.trim()) errors.osFamily = 'Enter the OS family, e.g. debian.';
      if (!form.osVersion.trim()) errors.osVersion = 'Enter the OS version, e.g. 12.';
      if (Object.keys(errors).length > 0) return { binding: null, errors };
      const binding: ImageBinding = { resolver: 'image_catalog', osFamily: form.osFamily.trim(), osVersion: form.osVersion.trim() };
      if (form.arch) binding.arch = form.arch;
      if (form.imageKind) binding.kind = form.imageKind;
      return { binding, errors };
    }
    case 'secret': {
      const length = readInteger(form.length, SECRET_LENGTH_LIMITS.min, SECRET_LENGTH_LIMITS.max);
      if (typeof length === 'string') return { binding: null, errors: { length } };
      const binding: SecretBinding = { resolver: 'secret' };
      if (typeof length === 'number') binding.length = length;
      return { binding, errors };
    }
    // Bare metal: the editor binds the machine id; a BMC field's binding is kept as the component file gives it.
    case 'capacity':
      return { binding: { resolver: 'capacity' }, errors };
  }
}

/** The bindings with the one of `input` set, or removed when `binding` is null. Other inputs keep their place. */
export function setBinding(bindings: Record<string, unknown>, input: string, binding: ResolverBinding | null): Record<string, unknown> {
  if (binding === null) return Object.fromEntries(Object.entries(bindings).filter(([key]) => key !== input));
  return input in bindings
    ? Object.fromEntries(Object.entries(bindings).map(([key, value]) => [key, key === input ? binding : value]))
    : { ...bindings, [input]: binding };
}

/** How the editor names what a resolver produces. */
const PRODUCED_LABELS: Record<ProducedValue, string> = {
  address: 'An IPAM address',
  gateway: 'An IPAM gateway address',
  subnet: 'An IPAM subnet (CIDR)',
  name: 'A generated name',
  domain: "The environment's DNS domain",
  image: 'An image id',
  secret: 'A generated secret',
  machine: 'A bare-metal machine id',
};

/**
 * Why the resolver cannot fill an input with this schema, or null when it can: every resolver
 * produces a string, and only some produce values of a declared format.
 */
export function bindingMismatch(
  form: Pick<BindingForm, 'resolver' | 'allocate'> & Partial<Pick<BindingForm, 'output'>>,
  property: unknown,
): string | null {
  if (form.resolver === 'none') return null;
  const mismatch = resolverMismatch({ resolver: form.resolver, allocate: form.allocate, output: form.output }, property);
  if (!mismatch) return null;
  const label = PRODUCED_LABELS[mismatch.produced];
  if (mismatch.problem === 'type')
    return `${label} is a string, but this input is declared as ${mismatch.declared.join(' | ')}. Make the input a string or pick another resolver.`;
  const { format, formats } = mismatch;
  return `${label} is not of format ${format}. ${formats.length > 0 ? `It fits ${formats.join(' or ')}; ` : ''}remove the format from the input or pick another resolver.`;
}

/** Bindings whose input no longer exists in the contract (after a rename in the JSON view, say). */
export function orphanBindings(bindings: Record<string, unknown>, inputs: readonly string[]): string[] {
  return Object.keys(bindings).filter((name) => !inputs.includes(name));
}
