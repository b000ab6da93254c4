import type { ComponentContent } from '../component-content';

/** A starting point for a new component: its program and a contract that matches it. */
export interface CodeTemplate {
  id: string;
  label: string;
  /** One line under the picker. */
  summary: string;
  /** Providers it is written for; empty: any provider. */
  providers: readonly string[];
  /** Semantic types it suits best (picked by default for them); empty: any. */
  semanticTypes: readonly string[];
  content: Omit<ComponentContent, 'description'>;
}

const MINIMAL_CODE = `import * as pulumi from '@pulumi/pulumi';

// Each input of the contract (Contract tab) is stack configuration of the same name.
// \`args\` shows them typed: hover it, or type \`args.\` to see every input.
const config = new pulumi.Config();
const name = config.require('name');

// Declare resources here, then export each output of the contract under its name.
export const greeting = pulumi.interpolate\`Hello, \${name}\`;
`;

const LOCAL_FILE_CODE = `import * as pulumi from '@pulumi/pulumi';

// A text file under the environment's local root, written by a dynamic provider: a component you can
// deploy, change and destroy on this machine without a cloud account. Nimbus supplies \`localRoot\`.
// Each input of the contract is stack configuration of the same name; \`args\` shows them typed.

interface FileInputs {
  localRoot: string;
  name: string;
  content: string;
}

interface FileState extends FileInputs {
  path: string;
}

// Pulumi serializes the provider with its code, so it loads Node built-ins inside its functions.
const fileProvider: pulumi.dynamic.ResourceProvider<FileInputs, FileState> = {
  async create(inputs) {
    const fs = require('node:fs');
    const path = require('node:path');
    const file: string = path.join(inputs.localRoot, 'files', \`\${inputs.name}.txt\`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, inputs.content);
    return { id: file, outs: { ...inputs, path: file } };
  },
  async update(id, _olds, news) {
    require('node:fs').writeFileSync(id, news.content);
    return { outs: { ...news, path: id } };
  },
  async delete(id) {
    require('node:fs').rmSync(id, { force: true });
  },
};

class LocalFile extends pulumi.dynamic.Resource {
  declare readonly path: pulumi.Output<string>;
  constructor(name: string, props: { [K in keyof FileInputs]: pulumi.Input<FileInputs[K]> }, opts?: pulumi.CustomResourceOptions) {
    super(fileProvider, name, { ...props, path: undefined }, opts, 'nimbus-local', 'File');
  }
}

const config = new pulumi.Config();
const file = new LocalFile('file', {
  localRoot: config.require('localRoot'),
  name: config.require('name'),
  content: config.get('content') ?? 'Hello from Nimbus',
});

export const path = file.path;
`;

const PROXMOX_VM_CODE = `import * as pulumi from '@pulumi/pulumi';
import * as proxmoxve from '@muhlba91/pulumi-proxmoxve';

// A QEMU virtual machine on a Proxmox VE node. The provider's endpoint and token come from the
// landing zone. Each input of the contract is stack configuration of the same name; \`args\` shows
// them typed.
const config = new pulumi.Config();

const vm = new proxmoxve.VmLegacy('vm', {
  name: config.require('name'),
  nodeName: config.require('node_name'),
  tags: ['nimbus'],
  cpu: { cores: config.requireNumber('cores') },
  memory: { dedicated: config.requireNumber('memory_mb') },
  operatingSystem: { type: 'l26' },
});

export const vm_id = vm.vmId;
export const name = vm.name;
`;

export const CODE_TEMPLATES: readonly CodeTemplate[] = [
  {
    id: 'minimal',
    label: 'Minimal program',
    summary: 'One input, one output and no resources: a skeleton to fill in.',
    providers: [],
    semanticTypes: [],
    content: {
      code: MINIMAL_CODE,
      inputSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: { name: { type: 'string', description: 'What to greet.' } },
      },
      outputSchema: { type: 'object', properties: { greeting: { type: 'string', description: 'The greeting.' } } },
      resolverBindings: {},
      secretInputs: [],
    },
  },
  {
    id: 'local-file',
    label: 'Local file (dynamic provider)',
    summary: 'A real file on this machine: deployable and testable without a cloud account.',
    providers: ['local'],
    semanticTypes: [],
    content: {
      code: LOCAL_FILE_CODE,
      inputSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: {
            type: 'string',
            pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
            description: 'File name (a lowercase DNS label); the file is files/<name>.txt.',
          },
          content: { type: 'string', default: 'Hello from Nimbus', description: 'Text written to the file.' },
        },
      },
      outputSchema: { type: 'object', properties: { path: { type: 'string', description: 'Path of the file on this machine.' } } },
      resolverBindings: { name: { resolver: 'naming' } },
      secretInputs: [],
    },
  },
  {
    id: 'proxmox-vm',
    label: 'Proxmox virtual machine',
    summary: 'A QEMU VM on a Proxmox VE node, with the Proxmox provider SDK.',
    providers: ['proxmox'],
    semanticTypes: ['VirtualMachine'],
    content: {
      code: PROXMOX_VM_CODE,
      inputSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'node_name', 'cores', 'memory_mb'],
        properties: {
          name: { type: 'string', format: 'hostname', maxLength: 63, description: 'VM name, also its hostname.' },
          node_name: { type: 'string', default: 'pve', description: 'The Proxmox VE node that runs the VM.' },
          cores: { type: 'integer', minimum: 1, maximum: 128, default: 2, description: 'Number of vCPU cores.' },
          memory_mb: { type: 'integer', minimum: 256, default: 2048, description: 'Memory in MiB.' },
        },
      },
      outputSchema: {
        type: 'object',
        properties: {
          vm_id: { type: 'integer', description: 'The VM id Proxmox assigned.' },
          name: { type: 'string', description: 'The VM name.' },
        },
      },
      resolverBindings: { name: { resolver: 'naming' } },
      secretInputs: [],
    },
  },
];

/** The templates written for a provider (and the provider-neutral ones), most specific first. */
export function templatesFor(provider: string): CodeTemplate[] {
  const specific = CODE_TEMPLATES.filter((template) => template.providers.includes(provider));
  return [...specific, ...CODE_TEMPLATES.filter((template) => template.providers.length === 0)];
}

/** The template a new component of this provider and semantic type starts from unless another is picked. */
export function defaultTemplate(provider: string, semanticType: string): CodeTemplate {
  const candidates = templatesFor(provider);
  return (
    candidates.find((template) => template.providers.length > 0 && template.semanticTypes.includes(semanticType)) ??
    candidates.find((template) => template.providers.length > 0 && template.semanticTypes.length === 0) ??
    candidates[candidates.length - 1]!
  );
}
