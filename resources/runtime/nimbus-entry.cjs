// Entry of a deployed component's Pulumi program, written by Nimbus into its work directory: makes
// the component's resolved inputs available as the global `args` (typed from the contract; secret
// inputs as secret Outputs), then runs the program and re-exports what it exports as stack outputs.
'use strict';
const pulumi = require('@pulumi/pulumi');
const contract = require('./nimbus-inputs.json');

const config = new pulumi.Config();
const args = {};
for (const [key, type] of Object.entries(contract.types)) {
  if (contract.secretInputs.includes(key)) {
    const secret = config.getSecret(key);
    if (secret !== undefined) args[key] = secret;
    continue;
  }
  const raw = config.get(key);
  if (raw === undefined) continue;
  if (type === 'integer' || type === 'number') args[key] = Number(raw);
  else if (type === 'boolean') args[key] = raw === 'true';
  else if (type === 'object' || type === 'array') args[key] = JSON.parse(raw);
  else args[key] = raw;
}
globalThis.args = Object.freeze(args);
// index.js is compiled from index.ts by the engine, with an inline source map: errors name index.ts lines.
process.setSourceMapsEnabled(true);
module.exports = require('./index.js');
