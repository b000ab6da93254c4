// Registers a resource of a provider package that does not exist, so the engine asks for the plugin
// `pulumi-resource-nimbusmissing` v1.2.3, which is installed nowhere.
import * as pulumi from '@pulumi/pulumi';

class Thing extends pulumi.CustomResource {
  constructor(name: string) {
    super('nimbusmissing:index:Thing', name, {}, { version: '1.2.3' });
  }
}

new Thing('thing');
