// Runs one component program under Pulumi mocks, in a process of its own (the Pulumi runtime is
// process-global). Started by the engine's tryComponent with the program directory as argument and
// `{ project, config, secretKeys }` as JSON on stdin; prints one JSON result line on stdout.
'use strict';
const path = require('node:path');

/** Everything the program printed, in order. */
const logs = [];

async function main() {
  const dir = process.argv[2];
  const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const pulumi = require(path.join(dir, 'node_modules', '@pulumi', 'pulumi'));
  for (const level of ['log', 'info', 'warn', 'error']) {
    console[level] = (...args) => logs.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
  }
  const resources = [];
  const qualified = (key) => `${input.project}:${key}`;
  pulumi.runtime.setAllConfig(
    Object.fromEntries(
      Object.entries(input.config).map(([key, value]) => [qualified(key), typeof value === 'string' ? value : JSON.stringify(value)]),
    ),
    (input.secretKeys || []).map(qualified),
  );
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        resources.push({ type: args.type, name: args.name, inputs: plain(args.inputs) });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call(args) {
        return args.inputs;
      },
    },
    input.project,
    'try',
    false,
  );
  // The same `args` a deployed program gets: typed inputs, secret inputs as secret Outputs.
  globalThis.args = Object.freeze(
    Object.fromEntries(
      Object.entries(input.args || {}).map(([key, value]) => [key, (input.secretKeys || []).includes(key) ? pulumi.secret(value) : value]),
    ),
  );
  const program = require(path.join(dir, 'index.js'));
  const outputs = {};
  for (const [key, value] of Object.entries(program)) {
    outputs[key] = pulumi.Output.isInstance(value) ? plain(await new Promise((resolve) => value.apply(resolve))) : plain(value);
  }
  // Let registrations still in flight land before reporting.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { resources, outputs, logs };
}

/** JSON-safe copy: dynamic providers' serialized code and functions are summarized, not printed. */
function plain(value) {
  return JSON.parse(
    JSON.stringify(value === undefined ? null : value, (key, inner) => {
      if (key === '__provider') return '[serialized provider]';
      if (typeof inner === 'function') return '[function]';
      return inner;
    }),
  );
}

process.on('unhandledRejection', (error) => report({ error }));
process.on('uncaughtException', (error) => report({ error }));

function report({ result, error }) {
  const out = error
    ? {
        ok: false,
        resources: [],
        outputs: {},
        logs,
        error: { message: String((error && error.message) || error), stack: String((error && error.stack) || '') },
      }
    : { ok: true, ...result, error: null };
  process.stdout.write(`${JSON.stringify(out)}\n`, () => process.exit(0));
}

main().then(
  (result) => report({ result }),
  (error) => report({ error }),
);
