import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramCompiler } from '../deploy/program-compiler.js';
import { prepareWorkDir } from '../deploy/work-dir.js';
import { resourcesDir } from '../paths.js';
import { tempDir } from '../test-support/temp-dir.js';
import { PulumiOperationError, runStackOperation, type StackOperation, type StackTarget } from './automation-adapter.js';
import { locatePulumiCli, REQUIRED_BINARIES, type PulumiCli } from './locate-cli.js';

// The Proxmox components run by the real Pulumi CLI with the real pulumi-resource-proxmoxve plugin
// (scripts/ensure-proxmox-plugin) against an HTTPS server on loopback that plays the Proxmox VE API:
// the program is written and compiled by the deploy code (work-dir.ts, program-compiler.ts) and run by
// the automation adapter, as a deployment runs it.

const PLUGIN = 'pulumi-resource-proxmoxve';
const pluginDir = process.env.NIMBUS_PULUMI_DIR ?? path.join(os.homedir(), '.pulumi', 'bin');
const hasPlugin = existsSync(path.join(pluginDir, PLUGIN));
if (!hasPlugin) {
  console.warn(
    `SKIPPED: the Proxmox plugin tests that need ${PLUGIN} (not in ${pluginDir}); run scripts/ensure-proxmox-plugin to install it.`,
  );
}

const TOKEN = 'nimbus@pve!deploy=5b0e7c52-2f1d-4a8e-9c3b-7d6f1e2a4c90';
/** The inputs of proxmox-network, as stack config (objects JSON-encoded, as the deployer writes them). */
const networkConfig = {
  name: 'dev-virtualnetwork-01',
  node_name: 'pve1',
  cidr: '10.20.30.0/24',
  bridge_name: 'vmbr7',
  gateway_on_host: 'true',
  ports: '[]',
  vlan_aware: 'false',
  mtu: '1500',
};

let temp: { dir: string; remove: () => void };
let cli: PulumiCli;
let compiler: ProgramCompiler;
let server: Server;
const received: { method: string; url: string; authorization: string | undefined }[] = [];
let serverUrl: string;

beforeAll(async () => {
  temp = tempDir('nimbus-proxmox-plugin-');
  cli = await locatePulumiCli();
  compiler = new ProgramCompiler(path.join(temp.dir, 'compiled'));
  // A self-signed certificate: the provider only talks HTTPS, and proxmox_insecure lets it accept this one.
  const key = path.join(temp.dir, 'key.pem');
  const cert = path.join(temp.dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-days', '1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' }); // prettier-ignore
  // Proxmox VE's answer to an API token it does not accept.
  server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (request, response) => {
    received.push({ method: request.method ?? '', url: request.url ?? '', authorization: request.headers.authorization });
    request.resume();
    response.writeHead(401, 'authentication failure', { 'content-type': 'application/json' });
    response.end('{"data":null}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  temp?.remove();
});

/** A stack of proxmox-network in a work directory of its own, with the connection in its config. */
async function networkStack(
  key: string,
  connection: { endpoint: string; token?: string },
  options: { cli?: PulumiCli; extraEnv?: Record<string, string> } = {},
  operation: StackOperation = 'up',
): Promise<StackTarget> {
  const code = readFileSync(path.join(resourcesDir(), 'components', 'proxmox-network', 'index.ts'), 'utf8');
  const workDir = prepareWorkDir(path.join(temp.dir, 'work'), key, { component: 'proxmox-network', version: 1, code });
  await compiler.prepare(workDir, operation);
  const config: StackTarget['config'] = {
    ...Object.fromEntries(Object.entries(networkConfig).map(([name, value]) => [name, { value }])),
    proxmox_endpoint: { value: connection.endpoint },
    proxmox_api_token: { value: connection.token ?? TOKEN, secret: true },
    proxmox_insecure: { value: 'true' },
  };
  return {
    cli: options.cli ?? cli,
    workDir,
    stackName: key,
    backendUrl: pathToFileURL(path.join(temp.dir, 'state')).href,
    passphrase: 'proxmox-plugin-test',
    pulumiHome: path.join(temp.dir, 'pulumi-home'),
    config,
    ...(options.extraEnv ? { extraEnv: options.extraEnv } : {}),
  };
}

/** The error `work` rejects with, which must be a PulumiOperationError (the operation failed). */
async function failure(work: Promise<unknown>): Promise<PulumiOperationError> {
  const error = await work.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PulumiOperationError);
  return error as PulumiOperationError;
}

/** A closed loopback port: listened on, then released. */
async function closedPort(): Promise<number> {
  const probe = createHttpsServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('a Proxmox program without the plugin', () => {
  it('fails with provider_plugin_missing naming the plugin and scripts/ensure-proxmox-plugin', { timeout: 240_000 }, async () => {
    // The CLI's binaries alone in a directory of their own, and a PATH without any directory holding the plugin.
    const bare = path.join(temp.dir, 'bare-cli', 'bin');
    mkdirSync(bare, { recursive: true });
    for (const name of REQUIRED_BINARIES) {
      try {
        linkSync(path.join(cli.binDir, name), path.join(bare, name));
      } catch {
        copyFileSync(path.join(cli.binDir, name), path.join(bare, name));
      }
    }
    const searchPath = (process.env.PATH ?? '')
      .split(path.delimiter)
      .filter((dir) => dir && !existsSync(path.join(dir, PLUGIN)))
      .join(path.delimiter);
    const bareCli: PulumiCli = { ...cli, binDir: bare, command: path.join(bare, 'pulumi') };
    const target = await networkStack('no-plugin', { endpoint: serverUrl }, { cli: bareCli, extraEnv: { PATH: searchPath } }, 'preview');

    const error = await failure(runStackOperation(target, 'preview'));
    expect(error.code).toBe('provider_plugin_missing');
    expect(error.details).toMatchObject({
      kind: 'resource',
      plugin: 'proxmoxve',
      version: '8.6.0',
      script: 'scripts/ensure-proxmox-plugin',
    });
    expect(error.message).toContain('"pulumi-resource-proxmoxve" v8.6.0');
    expect(error.message).toContain('run scripts/ensure-proxmox-plugin');
    // Nothing reached the API.
    expect(received).toEqual([]);
  });
});

describe.skipIf(!hasPlugin)('the Proxmox plugin with the real Pulumi CLI', () => {
  it('loads: a preview of proxmox-network plans the provider and the bridge', { timeout: 240_000 }, async () => {
    const target = await networkStack('preview', { endpoint: serverUrl }, {}, 'preview');
    const result = await runStackOperation(target, 'preview');
    // The stack, the explicit provider and the bridge.
    expect(result.changes).toMatchObject({ create: 3 });
    expect(result.steps.map((step) => step.type)).toContain('proxmoxve:network/linux/bridge:Bridge');
  });

  it('sends the API token from the stack config, and a refused token gives provider_unauthorized', { timeout: 240_000 }, async () => {
    received.length = 0;
    const target = await networkStack('unauthorized', { endpoint: serverUrl });
    const error = await failure(runStackOperation(target, 'up'));
    expect(received.length).toBeGreaterThan(0);
    expect(received[0]!.url).toMatch(/^\/api2\/json\/nodes\/pve1\/network/);
    expect(new Set(received.map((request) => request.authorization))).toEqual(new Set([`PVEAPIToken=${TOKEN}`]));
    expect(error.code).toBe('provider_unauthorized');
    expect(error.details).toMatchObject({ status: 401, resourceType: 'proxmoxve:network/linux/bridge:Bridge' });
    expect(error.message).toContain('refused the credentials for bridge (proxmoxve:network/linux/bridge:Bridge): HTTP 401');
    expect(error.message).toContain('proxmox_api_token');
  });

  it('an endpoint nobody listens on gives provider_unreachable and a failed operation', { timeout: 300_000 }, async () => {
    const port = await closedPort();
    const target = await networkStack('unreachable', { endpoint: `https://127.0.0.1:${port}/` });
    const error = await failure(runStackOperation(target, 'up'));
    expect(error.code).toBe('provider_unreachable');
    expect(error.details).toMatchObject({ reason: 'connection refused', endpoint: `https://127.0.0.1:${port}` });
    expect(error.message).toContain(`could not reach its API at https://127.0.0.1:${port}`);
    expect(error.message).toContain('proxmox_endpoint');
  });
});
