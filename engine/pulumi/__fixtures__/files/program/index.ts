// The Pulumi adapter's integration-test program: `count` text files in `dir`, each a dynamic resource
// whose provider reads the real file back, so refresh sees edits and removals made behind its back.
// Config switches make it fail in the ways the adapter must classify: `programError` throws while the
// program runs, `failOn` makes the provider throw in create, update or delete, `delayMs` slows create
// down so a test can abort or overlap an update, `secretContent` marks the content secret.
import * as pulumi from '@pulumi/pulumi';

interface FileInputs {
  path: string;
  content: string;
  failOn: string;
  delayMs: number;
}

interface FileState extends FileInputs {
  size: number;
}

/** Fails the way a provider does when `failOn` names the method running. */
function failIf(inputs: FileInputs, method: string): void {
  if (inputs.failOn === method) throw new Error(`file provider refused to ${method} ${inputs.path}: failOn=${method}`);
}

const fileProvider: pulumi.dynamic.ResourceProvider<FileInputs, FileState> = {
  async create(inputs) {
    failIf(inputs, 'create');
    if (inputs.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, inputs.delayMs));
    // Dynamic providers are serialized with their code, so modules are required inside the methods.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:fs').writeFileSync(inputs.path, inputs.content);
    return { id: inputs.path, outs: { ...inputs, size: Buffer.byteLength(inputs.content) } };
  },
  async read(id, props) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs');
    if (!fs.existsSync(id)) return {};
    const content: string = fs.readFileSync(id, 'utf8');
    return { id, props: { ...(props as FileState), content, size: Buffer.byteLength(content) } };
  },
  async diff(_id, olds, news) {
    return {
      changes: olds.path !== news.path || olds.content !== news.content || olds.failOn !== news.failOn,
      replaces: olds.path !== news.path ? ['path'] : [],
    };
  },
  async update(_id, olds, news) {
    failIf(news, 'update');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:fs').writeFileSync(news.path, news.content);
    return { outs: { ...olds, ...news, size: Buffer.byteLength(news.content) } };
  },
  async delete(id, props) {
    failIf(props, 'delete');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:fs').rmSync(id, { force: true });
  },
};

class TextFile extends pulumi.dynamic.Resource {
  declare readonly path: pulumi.Output<string>;
  declare readonly size: pulumi.Output<number>;
  constructor(name: string, args: { path: string; content: pulumi.Input<string>; failOn: string; delayMs: number }) {
    super(fileProvider, name, { ...args, size: undefined }, {});
  }
}

const config = new pulumi.Config();
const programError = config.get('programError');
if (programError) throw new Error(programError);

const dir = config.require('dir');
const count = config.getNumber('count') ?? 1;
const files = Array.from(
  { length: count },
  (_, index) =>
    new TextFile(`file-${index}`, {
      path: `${dir}/file-${index}.txt`,
      content: config.getBoolean('secretContent')
        ? pulumi.secret(config.get('content') ?? `file ${index}`)
        : (config.get('content') ?? `file ${index}`),
      failOn: config.get('failOn') ?? '',
      delayMs: config.getNumber('delayMs') ?? 0,
    }),
);

export const paths = files.map((file) => file.path);
export const token = config.getSecret('token') ?? pulumi.secret('none');
