import { parseArgs } from 'node:util';
import type { Engine, EngineOptions } from '../engine.js';
import type { Command } from './commands.js';
import { UsageError, type Io } from './usage-error.js';
import { reportCliError } from './report-error.js';
import { resolveDataDir } from '../paths.js';
import { chooseBackend, openBackend } from './open-backend.js';
import { readLine, readSecret } from './terminal-input.js';
import { readUserFile } from '../files/read-user-file.js';
import { NIMBUS_VERSION } from '../version.js';
import { excerpt } from '../text/excerpt.js';

// What a command needs is loaded when it runs (dynamic imports below): `--version` loads none of it,
// a read-only command loads the engine without the Pulumi SDK, and `serve` answers before the rest.

/** The command table (and through it the engine modules the commands use). */
const commandTable = () => import('./commands.js');

/** Opens the engine on a data directory. */
const openEngine = async (options: EngineOptions): Promise<Engine> => {
  const engine = await (await import('../engine.js')).createEngine(options);
  try {
    await engine.ready;
  } catch (error) {
    await engine.dispose();
    throw error;
  }
  return engine;
};

const help = (commands: Command[]) => `Nimbus ${NIMBUS_VERSION} — design, resolve and deploy infrastructure topologies.

Usage:
  nimbus serve [--port N] [--host ADDR] [--tls-cert FILE --tls-key FILE]
      Serve the app and its API (the browser shell)
  nimbus server init --database URL [--provider NAME] [--admin NAME]
      Create or migrate a shared server's PostgreSQL database; the first time, its administrator
  nimbus server start --database URL [--host ADDR] [--port N] [--tls-cert FILE --tls-key FILE] [--data DIR] [--workers N]
      Run the shared server for a team on that database (every process of one server shares --data's key;
      each runs N queued jobs at once, 2 by default, 0 to only serve)
${commands.map((command) => `  ${command.usage}\n      ${command.summary}`).join('\n')}
  nimbus --version
  nimbus --help

Options for every command:
  --data DIR   Data directory (database, Pulumi state, work directories); runs the command locally.
               Default: $NIMBUS_DATA_DIR, else ~/.nimbus
  --server URL Run the command on a shared server: with $NIMBUS_TOKEN, else the sign-in saved by
               nimbus login URL. Without --server, the server of the last nimbus login (if any);
               $NIMBUS_SERVER works like --server
  --local      Run the command on the local data directory even when signed in to a server
  --json       Machine-readable output (deploy commands: one JSON event per line, then a summary line)
  --yes        Deploy or destroy without asking (required when there is no terminal)
  --debug      On failure, print the stack trace and causes too (errors are otherwise one line)
  --port N     Port for serve (default 7420; 0 picks a free port)
  --host ADDR  Address for serve (default 127.0.0.1)
  --tls-cert FILE, --tls-key FILE
               Serve HTTPS with this certificate and key (PEM), needed to serve beyond this machine safely
`;

/** Command options that are flags rather than values. */
const BOOLEAN_OPTIONS = ['yes', 'all', 'force', 'wait', /* cloud accounts */ 'insecure'];

/** The terminal: stdout, stderr, a y/N prompt when stdin is a TTY, and Ctrl+C. */
function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    ...(process.stdin.isTTY
      ? {
          confirm: async (question: string) => {
            const readline = await import('node:readline/promises');
            const prompt = readline.createInterface({ input: process.stdin, output: process.stderr });
            try {
              return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
            } finally {
              prompt.close();
            }
          },
          ask: readLine,
        }
      : {}),
    secret: readSecret,
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/** Options every command takes; `--version` with only these is answered before any command is loaded. */
const GLOBAL_OPTIONS = {
  data: { type: 'string' },
  server: { type: 'string' },
  local: { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
} as const;

/** Whether `argv` asks for the version and nothing else a command would need to be loaded for. */
function onlyVersion(argv: string[]): boolean {
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: GLOBAL_OPTIONS });
    return Boolean(values.version) && positionals.length === 0;
  } catch {
    return false;
  }
}

/** Runs the CLI; resolves to the process exit code (serve resolves only once it has stopped). */
export async function runCli(argv: string[], io: Io = processIo()): Promise<number> {
  try {
    if (onlyVersion(argv)) {
      io.out(`${NIMBUS_VERSION}\n`);
      return 0;
    }
    if (argv[0] === 'server') return await serverCommand(argv.slice(1), io);
    const { COMMANDS, findCommand } = await commandTable();
    const { values, positionals } = parse(argv, COMMANDS);
    if (values.version) {
      io.out(`${NIMBUS_VERSION}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (values.help || !command) {
      io.out(help(COMMANDS));
      return command || values.help ? 0 : 2;
    }
    if (command === 'serve') {
      if (rest.length > 0) throw new UsageError(`unexpected argument ${excerpt(rest[0])}`);
      if (values.server !== undefined || values.local)
        throw new UsageError('serve serves a local data directory; it takes no --server or --local');
      return await serve(values, io);
    }
    const found = findCommand(positionals);
    if (!found) throw new UsageError(`unknown command ${excerpt(positionals.join(' '))}`);
    const given = Object.keys(values).filter(
      (key) => !['data', 'server', 'local', 'json', 'help', 'version', 'port', 'host', 'debug', 'tls-cert', 'tls-key'].includes(key),
    );
    const stray = given.find((key) => !found.command.options.includes(key));
    if (stray) throw new UsageError(`${found.command.words.join(' ')} does not take --${stray}; usage: ${found.command.usage}`);
    const bare = {
      args: found.args,
      options: values as Record<string, string | boolean | undefined>,
      io,
      json: Boolean(values.json),
      env: process.env,
    };
    if (found.command.bare) {
      if (values.server !== undefined || values.local || (values.data !== undefined && !found.command.takesData))
        throw new UsageError(`${found.command.words.join(' ')} takes no --server, --local or --data; usage: ${found.command.usage}`);
      return await found.command.run(bare);
    }
    const target = chooseBackend(
      {
        ...(typeof values.data === 'string' ? { data: values.data } : {}),
        ...(typeof values.server === 'string' ? { server: values.server } : {}),
        ...(values.local ? { local: true } : {}),
      },
      process.env,
    );
    const backend = await openBackend(target, io, Boolean(values.debug));
    try {
      return await found.command.run({ ...bare, backend });
    } finally {
      await backend.dispose();
    }
  } catch (error) {
    return reportCliError(error, io, argv.includes('--debug'));
  }
}

function parse(argv: string[], commands: Command[]) {
  const commandOptions = [...new Set(commands.flatMap((command) => command.options))];
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        ...GLOBAL_OPTIONS,
        ...Object.fromEntries(
          commandOptions.map((name) => [name, { type: BOOLEAN_OPTIONS.includes(name) ? ('boolean' as const) : ('string' as const) }]),
        ),
      },
    });
  } catch (error) {
    // parseArgs names the offending flag, e.g. "Unknown option '--prot'".
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

const SERVER_USAGE =
  'usage: nimbus server init --database URL [--provider NAME] [--admin NAME] | nimbus server start --database URL [--host ADDR] [--port N] [--tls-cert FILE --tls-key FILE] [--data DIR] [--workers N]';

/** `nimbus server …`: the shared server's own commands, which work on its database. */
async function serverCommand(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        database: { type: 'string' },
        provider: { type: 'string' },
        admin: { type: 'string' },
        debug: { type: 'boolean' },
        data: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        workers: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const [sub, ...rest] = parsed.positionals;
  const { database, provider, admin, data, host, port, workers } = parsed.values;
  if (sub === 'init' && rest.length === 0) {
    const stray = [data, host, port, workers, parsed.values['tls-cert'], parsed.values['tls-key']].some((value) => value !== undefined);
    if (stray) throw new UsageError(`server init takes --database, --provider and --admin; ${SERVER_USAGE}`);
    const { serverInit } = await import('./server-init.js');
    return serverInit({ ...(database ? { database } : {}), ...(provider ? { provider } : {}), ...(admin ? { admin } : {}) }, io);
  }
  if (sub === 'start' && rest.length === 0) {
    if (provider !== undefined || admin !== undefined)
      throw new UsageError(`--provider and --admin belong to server init; ${SERVER_USAGE}`);
    const tls = readTls(parsed.values['tls-cert'], parsed.values['tls-key']);
    warnIfExposed(host, tls, io);
    const { serverStart } = await import('./server-start.js');
    return serverStart(
      {
        ...(database ? { database } : {}),
        dataDir: resolveDataDir(data),
        port: parsePort(port),
        ...(workers !== undefined ? { workers: parseWorkers(workers) } : {}),
        ...(host ? { host } : {}),
        ...(tls ? { tls } : {}),
      },
      io,
    );
  }
  throw new UsageError(`unknown command ${excerpt(['server', ...parsed.positionals].join(' '))}; ${SERVER_USAGE}`);
}

/** `--workers N`: jobs this process runs at once, 0 to only serve. */
function parseWorkers(value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) > 64)
    throw new UsageError(`--workers must be a whole number from 0 to 64, got ${excerpt(value)}`);
  return Number(value);
}

/** Serving beyond this machine without TLS hands tokens, data and secrets to anyone on the path: say so. */
function warnIfExposed(host: string | undefined, tls: unknown, io: Io): void {
  if (host !== undefined && !isLoopback(host) && !tls) {
    io.err(
      `nimbus: warning: serving on ${host} without TLS: anyone on the network path can read passwords, tokens, your data and secrets in transit. Give --tls-cert FILE --tls-key FILE, or serve on 127.0.0.1.\n`,
    );
  }
}

/** How often `serve` watches the local provider's objects: NIMBUS_POLL_INTERVAL_MS, else every 5 s. */
function pollInterval(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.NIMBUS_POLL_INTERVAL_MS;
  return text && /^\d+$/.test(text) && Number(text) >= 100 ? Number(text) : 5000;
}

/** Whether an address to listen on only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The certificate and key for HTTPS, read from the files given (both or neither). */
function readTls(certFile: string | undefined, keyFile: string | undefined): { cert: string; key: string } | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) throw new UsageError('--tls-cert and --tls-key go together');
  return { cert: readUserFile(certFile), key: readUserFile(keyFile) };
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 7420;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got ${excerpt(value)}`);
  return port;
}

type ServeValues = {
  data?: string | boolean;
  port?: string | boolean;
  host?: string | boolean;
  'tls-cert'?: string | boolean;
  'tls-key'?: string | boolean;
};

async function serve(values: ServeValues, io: Io): Promise<number> {
  const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);
  const port = parsePort(text(values.port));
  const dataDir = resolveDataDir(text(values.data));
  const host = text(values.host);
  const tls = readTls(text(values['tls-cert']), text(values['tls-key']));
  warnIfExposed(host, tls, io);
  // A server's console shows its warnings too; the full log is in the data directory's logs folder.
  const [engine, { startServer }] = await Promise.all([
    openEngine({
      dataDir,
      recoverOnStart: true,
      pollIntervalMs: pollInterval(),
      logToStderr: { level: 'warn', write: io.err },
      serverLink: true,
    }),
    import('../server/http-server.js'),
  ]);
  let server;
  try {
    server = await startServer({ engine, port, ...(host ? { host } : {}), ...(tls ? { tls } : {}) });
  } catch (error) {
    await engine.dispose();
    throw error;
  }
  io.out(`Nimbus ${NIMBUS_VERSION} serving data directory ${dataDir}\n`);
  io.out(`Open ${server.url}\n`);
  io.out(`Sign in this browser: ${server.url}?token=${engine.ownerToken()}\n`);
  return await new Promise<number>((resolve) => {
    const stop = async () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await server.close();
      await engine.dispose();
      resolve(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
