import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStackOperation, type StackOperation } from '../../pulumi/automation-adapter.js';
import { locatePulumiCli, type PulumiCli } from '../../pulumi/locate-cli.js';
import { tempDir } from '../../test-support/temp-dir.js';
import { loadComponentManifest } from '../component-manifest.js';
import { componentDir } from './local/dynamic-provider.js';
import { isAlive, killAll, processesMentioning } from './local/processes.js';
import { until } from '../../test-support/until.js';

// Real Pulumi CLI, real language host, the local components' serialized providers acting on real
// files and processes, file:// backend: what a deploy of the local provider does, minus the engine.
let temp: ReturnType<typeof tempDir>;
let cli: PulumiCli;
let localRoot: string;

beforeAll(async () => {
  temp = tempDir('nimbus-local-pulumi-');
  localRoot = path.join(temp.dir, 'local', 'dev');
  cli = await locatePulumiCli();
});
afterAll(async () => {
  await killAll(processesMentioning(temp.dir));
  temp.remove();
});

/** Copies a component into its own work directory and runs one Pulumi operation on it with `config`. */
async function operate(component: string, operation: StackOperation, config: Record<string, string | number>) {
  const manifest = loadComponentManifest(componentDir(component));
  const workDir = path.join(temp.dir, 'work', component);
  if (!existsSync(workDir)) {
    cpSync(componentDir(component), workDir, { recursive: true });
    // CommonJS, whatever package.json sits above the data directory.
    writeFileSync(path.join(workDir, 'package.json'), JSON.stringify({ name: component, private: true, main: 'index.ts' }));
  }
  return runStackOperation(
    {
      cli,
      workDir,
      stackName: 'dev',
      backendUrl: pathToFileURL(path.join(temp.dir, 'state')).href,
      passphrase: 'local-provider-test',
      pulumiHome: path.join(temp.dir, 'pulumi-home'),
      config: Object.fromEntries(
        Object.entries({ localRoot, ...config }).map(([key, value]) => [
          key,
          { value: String(value), secret: manifest.secretInputs.includes(key) },
        ]),
      ),
    },
    operation,
  );
}

describe('local components under the real Pulumi CLI', () => {
  it(
    'deploys a network, a machine on it, its DNS record, a disk and a secret, then destroys them leaving nothing behind',
    { timeout: 300_000 },
    async () => {
      // In plan groups, as a topology deploy would: what depends on nothing first, side by side.
      const [network, disk, secret] = await Promise.all([
        operate('local-network', 'up', { name: 'lab', cidr: '10.20.0.0/24', mtu: 1500 }),
        operate('local-storage', 'up', { name: 'data-01', size_mb: 4096 }),
        operate('local-secret', 'up', { name: 'db-password', value: 'from-the-secret-resolver' }),
      ]);
      expect(network.outputs).toEqual({
        network_id: 'net-lab',
        cidr: '10.20.0.0/24',
        gateway: '10.20.0.1',
        path: path.join(localRoot, 'networks', 'lab'),
      });

      const image = path.join(localRoot, 'disks', 'data-01.img');
      expect(disk.outputs).toEqual({ volume_id: 'disk-data-01', path: image, size_mb: 4096 });
      expect(statSync(image).size).toBe(4096 * 1024 * 1024);

      const secretFile = path.join(localRoot, 'secrets', 'db-password');
      expect(secret.outputs).toEqual({ secret_id: 'secret-db-password', path: secretFile });
      expect(readFileSync(secretFile, 'utf8')).toBe('from-the-secret-resolver');
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);
      const stateFiles = readdirSync(path.join(temp.dir, 'state'), { recursive: true, withFileTypes: true }).filter((entry) =>
        entry.isFile(),
      );
      const state = stateFiles.map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8')).join('\n');
      expect(state).toContain('secret-db-password');
      expect(state).not.toContain('from-the-secret-resolver');

      const vmConfig = {
        name: 'web-01',
        ip_address: '10.20.0.10',
        image: 'local/debian-12',
        network_id: String(network.outputs.network_id),
        cores: 2,
        memory_mb: 1024,
        port: 0,
      };
      const machine = await operate('local-vm', 'up', vmConfig);
      const pid = machine.outputs.pid as number;
      expect(machine.outputs).toMatchObject({ machine_id: 'vm-web-01', name: 'web-01', ip_address: '10.20.0.10' });
      // The process outlived the provider host that started it, and answers.
      expect(isAlive(pid)).toBe(true);
      const answer = (await (await fetch(machine.outputs.endpoint as string)).json()) as Record<string, unknown>;
      expect(answer).toMatchObject({ name: 'web-01', cores: 2, network_id: 'net-lab', pid });

      const [record, resized] = await Promise.all([
        operate('local-dns', 'up', { hostname: 'web-01', zone: 'nimbus.internal', ip_address: String(machine.outputs.ip_address) }),
        // Changed in place: same process, new spec.
        operate('local-vm', 'up', { ...vmConfig, cores: 4 }),
      ]);
      const zoneFile = path.join(localRoot, 'dns', 'nimbus.internal.hosts');
      expect(record.outputs).toEqual({
        record_id: 'dns-web-01.nimbus.internal',
        fqdn: 'web-01.nimbus.internal',
        ip_address: '10.20.0.10',
        path: zoneFile,
      });
      expect(readFileSync(zoneFile, 'utf8')).toBe('10.20.0.10\tweb-01.nimbus.internal\t# nimbus:web-01\n');
      expect(resized.changes).toMatchObject({ update: 1 });
      expect(resized.outputs.pid).toBe(pid);
      expect(await (await fetch(machine.outputs.endpoint as string)).json()).toMatchObject({ cores: 4 });

      // Destroyed in reverse order.
      await operate('local-dns', 'destroy', {});
      await Promise.all([
        operate('local-vm', 'destroy', {}),
        operate('local-storage', 'destroy', {}),
        operate('local-secret', 'destroy', {}),
      ]);
      await operate('local-network', 'destroy', {});
      await until(() => !isAlive(pid), `the machine process ${pid} has ended`, { timeoutMs: 3000, intervalMs: 25 });
      for (const area of ['networks', 'machines', 'disks', 'secrets', 'dns']) expect(readdirSync(path.join(localRoot, area))).toEqual([]);
      expect(processesMentioning(temp.dir)).toEqual([]);
    },
  );
});
