/**
 * The resolver binding editor's model: one form per input, turned into the binding the engine
 * stores (`engine/components/bindings.ts` is the authority; this mirrors its shape and its checks so
 * mistakes show while typing rather than on save).
 */

export const RESOLVER_KINDS = ['none', 'ipam', 'naming', 'image_catalog', 'secret'] as const;
export type ResolverKind = (typeof RESOLVER_KINDS)[number];

export const RESOLVER_LABELS: Record<ResolverKind, string> = {
  none: 'None (a value from the user or a wire)',
  ipam: 'IPAM: an address or a subnet',
  naming: 'Naming: a name from a pattern',
  image_catalog: 'Image catalog: an OS image',
  secret: 'Secret: a generated value',
};

export type IpamAllocate = 'address' | 'subnet' | 'gateway';
export type IpamBinding = { resolver: 'ipam'; pool?: string; allocate: IpamAllocate; prefix?: number };
export type NamingOutput = 'name' | 'domain';
export type NamingBinding = { resolver: 'naming'; pattern?: string; output?: NamingOutput };
export type ImageBinding = { resolver: 'image_catalog'; osFamily: string; osVersion: string; arch?: 'amd64' | 'arm64'; kind?: 'disk-image' | 'container-template' };
export type SecretBinding = { resolver: 'secret'; length?: number };
export type ResolverBinding = IpamBinding | NamingBinding | ImageBinding | SecretBinding;

/** Everything the form holds, as typed; numbers stay text until they are read. */
export interface BindingForm {
  resolver: ResolverKind;
  pool: string;
  allocate: IpamAllocate;
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
      const prefix = readInteger(form.prefix, 0, 128);
      if (typeof prefix === 'string') errors.prefix = prefix;
      else if (form.allocate === 'subnet' && prefix === undefined) errors.prefix = 'A subnet needs a prefix length, e.g. 24.';
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
      const length = readInteger(form.length, 8, 1024);
      if (typeof length === 'string') return { binding: null, errors: { length } };
      const binding: SecretBinding = { resolver: 'secret' };
      if (typeof length === 'number') binding.length = length;
      return { binding, errors };
    }
  }
}

/** The bindings with the one of `input` set, or removed when `binding` is null. Other inputs keep their place. */
export function setBinding(bindings: Record<string, unknown>, input: string, binding: ResolverBinding | null): Record<string, unknown> {
  if (binding === null) return Object.fromEntries(Object.entries(bindings).filter(([key]) => key !== input));
  return input in bindings ? Object.fromEntries(Object.entries(bindings).map(([key, value]) => [key, key === input ? binding : value])) : { ...bindings, [input]: binding };
}

/** What a resolver produces, as the engine checks it against the input's declared type and format. */
function produced(form: Pick<BindingForm, 'resolver' | 'allocate'> & Partial<Pick<BindingForm, 'output'>>): { formats: string[]; label: string } | null {
  switch (form.resolver) {
    case 'none':
      return null;
    case 'ipam':
      if (form.allocate === 'gateway') return { formats: ['ipv4', 'ipv6'], label: 'An IPAM gateway address' };
      return form.allocate === 'address' ? { formats: ['ipv4', 'ipv6'], label: 'An IPAM address' } : { formats: [], label: 'An IPAM subnet (CIDR)' };
    case 'naming':
      return form.output === 'domain' ? { formats: ['hostname'], label: "The environment's DNS domain" } : { formats: ['hostname'], label: 'A generated name' };
    case 'image_catalog':
      return { formats: [], label: 'An image id' };
    case 'secret':
      return { formats: [], label: 'A generated secret' };
  }
}

/**
 * Why the resolver cannot fill an input with this schema, or null when it can: every resolver
 * produces a string, and only some produce values of a declared format.
 */
export function bindingMismatch(form: Pick<BindingForm, 'resolver' | 'allocate'> & Partial<Pick<BindingForm, 'output'>>, property: unknown): string | null {
  const output = produced(form);
  if (!output || !isRecord(property)) return null;
  const raw = property['type'];
  const types = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  if (types.length > 0 && !types.includes('string')) return `${output.label} is a string, but this input is declared as ${types.join(' | ')}. Make the input a string or pick another resolver.`;
  const format = typeof property['format'] === 'string' ? property['format'] : null;
  if (format && !output.formats.includes(format)) {
    return `${output.label} is not of format ${format}. ${output.formats.length > 0 ? `It fits ${output.formats.join(' or ')}; ` : ''}remove the format from the input or pick another resolver.`;
  }
  return null;
}

/** Bindings whose input no longer exists in the contract (after a rename in the JSON view, say). */
export function orphanBindings(bindings: Record<string, unknown>, inputs: readonly string[]): string[] {
  return Object.keys(bindings).filter((name) => !inputs.includes(name));
}
