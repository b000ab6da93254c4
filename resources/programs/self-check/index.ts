// A tiny program that proves the Pulumi toolchain works on this machine: one dynamic resource that
// writes a marker file, changes it in place and removes it on destroy.
import * as pulumi from '@pulumi/pulumi';

interface MarkerInputs {
  path: string;
  content: string;
}

const markerProvider: pulumi.dynamic.ResourceProvider<MarkerInputs, MarkerInputs> = {
  async create(inputs) {
    // Dynamic providers are serialized with their code, so modules are required inside the methods.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:fs').writeFileSync(inputs.path, inputs.content);
    return { id: inputs.path, outs: inputs };
  },
  async diff(_id, olds, news) {
    return {
      changes: olds.path !== news.path || olds.content !== news.content,
      replaces: olds.path !== news.path ? ['path'] : [],
    };
  },
  async update(_id, _olds, news) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:fs').writeFileSync(news.path, news.content);
    return { outs: news };
  },
  async delete(id) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('node:fs').rmSync(id, { force: true });
  },
};

class Marker extends pulumi.dynamic.Resource {
  declare readonly path: pulumi.Output<string>;
  declare readonly content: pulumi.Output<string>;
  constructor(name: string, args: { path: pulumi.Input<string>; content: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(markerProvider, name, args, opts);
  }
}

const config = new pulumi.Config();
const marker = new Marker('marker', { path: config.require('path'), content: config.require('content') });

export const markerPath = marker.path;
export const markerContent = marker.content;
