// Does not compile, on purpose: the adapter must report the file, line and TypeScript message.
// tsconfig.node.json excludes `__fixtures__/**/program/**`, so only Pulumi's ts-node sees this error.
import * as pulumi from '@pulumi/pulumi';

const config = new pulumi.Config();

const replicas: number = config.require('replicas');

export const count = replicas;
