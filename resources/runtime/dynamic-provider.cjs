// Starts Pulumi's dynamic provider (the Node SDK's cmd/dynamic-provider) for a Nimbus work directory,
// run by the `pulumi-resource-pulumi-nodejs` script beside this file, which each work directory's
// Pulumi.yaml names as its pulumi-nodejs provider plugin. Pulumi starts one such process per stack and
// operation. The SDK's entry loads the SDK's whole runtime only for its gRPC channel options, and with
// it the closure serializer and TypeScript: over half a second of CPU per start. This runs the same
// entry with those options taken from the runtime's settings module alone; the provider's own code
// (serialized by the program) still loads whatever it requires. Should the entry change so that this
// no longer applies, it runs unchanged.
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

// Pulumi ends its provider plugins when an operation ends. When the process that started this one dies
// instead (a crash, SIGKILL), nobody is left to end it and the provider would run on forever: it ends
// itself once it has been handed to another parent.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

const FULL = 'require("../../runtime")';
const LEAN = 'require("../../runtime/settings")';

let entry;
try {
  entry = require.resolve('@pulumi/pulumi/cmd/dynamic-provider', { paths: [process.cwd()] });
} catch {
  process.stderr.write('pulumi-resource-pulumi-nodejs: @pulumi/pulumi is not installed next to the program\n');
  process.exit(1);
}

let code = fs.readFileSync(entry, 'utf8');
const runtimeUses = code.split('runtime_1.').length - 1;
const settings = path.join(path.dirname(entry), '..', '..', 'runtime', 'settings.js');
// Only the one use this was written for: `runtime_1.grpcChannelOptions`, which settings.js defines.
if (code.split(FULL).length === 2 && runtimeUses === code.split('runtime_1.grpcChannelOptions').length - 1 && fs.existsSync(settings)) {
  code = code.replace(FULL, LEAN);
}

const provider = new Module(entry, module);
provider.filename = entry;
provider.paths = Module._nodeModulePaths(path.dirname(entry));
require.cache[entry] = provider;
// The entry reads its arguments (the engine's address) from process.argv, as when Node runs it itself.
process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
provider._compile(code, entry);
provider.loaded = true;
