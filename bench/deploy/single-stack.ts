import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { resourcesDir } from '../../engine/paths.js';
import { runStackOperation, type StackTarget } from '../../engine/pulumi/automation-adapter.js';
import { locatePulumiCli } from '../../engine/pulumi/locate-cli.js';
import { linkPackages, PROGRAM_BASE_PACKAGES } from '../../engine/pulumi/program-packages.js';
import type { CaseOutcome } from '../support/case-result.js';
import { digest } from '../support/measure.js';
import { processTreeCpuMs } from '../support/process-tree-cpu.js';
import { DISK_SIZE_MB } from './independent-topology.js';

/**
 * The resource classes of a built-in local component as a module: its program without the part that
 * reads the config and declares the one resource (from `const config = new pulumi.Config();` on).
 */
function resourceModule(component: string, className: string): string {
  const code = readFileSync(path.join(resourcesDir(), 'components', component, 'index.ts'), 'utf8');
  const cut = code.indexOf('const config = new pulumi.Config();');
  if (cut < 0) throw new Error(`${component}/index.ts no longer ends with its config block; update the single-stack benchmark`);
  return `${code.slice(0, cut)}export { ${className} };\n`;
}

/**
 * The hand-written equivalent of `count` independent Nimbus nodes: one Pulumi TypeScript program, one
 * stack, declaring the same disks and networks with the local provider's own resource classes
 * (Pulumi compiles it with its TypeScript support, as it would any project).
 */
function writeProgram(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    'Pulumi.yaml': "name: bench-single-stack\nruntime: nodejs\ndescription: The deploy benchmark's resources as one hand-written program\n",
    'package.json': `${JSON.stringify({ name: 'bench-single-stack', private: true, main: 'index.ts' }, null, 2)}\n`,
    'disk.ts': resourceModule('local-storage', 'LocalDisk'),
    'network.ts': resourceModule('local-network', 'LocalNetwork'),
    'index.ts': [
      "import * as pulumi from '@pulumi/pulumi';",
      "import { LocalDisk } from './disk';",
      "import { LocalNetwork } from './network';",
      '',
      'const config = new pulumi.Config();',
      "const localRoot = config.require('localRoot');",
      `const count = ${count};`,
      'const outputs: Record<string, pulumi.Output<string>> = {};',
      'for (let i = 0; i < count; i += 1) {',
      '  const kind = i % 2 === 0 ? "disk" : "net";',
      '  const name = `${kind}-${Math.floor(i / 2) + 1}`;',
      '  outputs[name] = i % 2 === 0',
      `    ? new LocalDisk(name, { localRoot, name, size_mb: ${DISK_SIZE_MB} }).path`,
      '    : new LocalNetwork(name, { localRoot, name, cidr: `10.250.${Math.floor(i / 2) + 1}.0/24`, mtu: 1500 }).cidr;',
      '}',
      'export const paths = outputs;',
      '',
    ].join('\n'),
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  linkPackages(dir, PROGRAM_BASE_PACKAGES);
}

/** Disks and networks the local provider has under `localRoot`. */
function objectsUnder(localRoot: string): string[] {
  const list = (area: string) =>
    existsSync(path.join(localRoot, area)) ? readdirSync(path.join(localRoot, area)).map((name) => `${area}/${name}`) : [];
  return [...list('disks'), ...list('networks')].sort();
}

/**
 * The baseline of the deploy benchmark: the same `nodes` resources as one hand-written Pulumi program
 * in one stack, deployed (`up`) and destroyed through the same Automation API adapter and CLI, in the
 * same kind of process tree (this process and the Pulumi processes it runs). A one-resource stack in
 * another directory is deployed and destroyed first, untimed, as the Nimbus cases warm up.
 */
export async function runSingleStackCase(nodes: number): Promise<CaseOutcome> {
  const cli = await locatePulumiCli();
  const root = path.join(os.tmpdir(), `nimbus-bench-single-${process.pid}`);
  const localRoot = path.join(root, 'local');
  mkdirSync(localRoot, { recursive: true });
  const target = (name: string, count: number): StackTarget => {
    const workDir = path.join(root, 'work', name);
    writeProgram(workDir, count);
    return {
      cli,
      workDir,
      stackName: name,
      backendUrl: pathToFileURL(path.join(root, 'state')).href,
      passphrase: 'bench-single-stack',
      pulumiHome: path.join(root, 'pulumi-home'),
      config: { localRoot: { value: localRoot } },
    };
  };
  try {
    const warmup = target('warmup', 1);
    await runStackOperation(warmup, 'up');
    await runStackOperation(warmup, 'destroy');

    const measured = target('bench', nodes);
    const cpuBefore = processTreeCpuMs();
    const ownCpu = process.cpuUsage();
    const started = performance.now();
    const up = await runStackOperation(measured, 'up');
    const ms = performance.now() - started;
    const own = process.cpuUsage(ownCpu);
    const cpuAfter = processTreeCpuMs();
    const created = objectsUnder(localRoot);
    if (created.length !== nodes)
      throw new Error(`the single stack made ${created.length} objects, expected ${nodes}: ${created.join(', ')}`);
    const destroyStarted = performance.now();
    await runStackOperation(measured, 'destroy');
    const destroyMs = performance.now() - destroyStarted;
    const left = objectsUnder(localRoot);
    if (left.length > 0) throw new Error(`the single stack's destroy left ${left.join(', ')}`);
    const treeCpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    return {
      count: nodes,
      ms,
      cpuMs: (own.user + own.system) / 1000,
      digest: digest([up.outputs]),
      checks: [`${nodes} created in one stack`, `${nodes} destroyed, nothing left`],
      parts: { ...(treeCpu === undefined ? {} : { treeCpu }), destroy: destroyMs },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
