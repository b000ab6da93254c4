import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A registry file describing `machines` (each with its BMC) for provider `provider`. */
export function registryToml(
  provider: string,
  machines: {
    id: string;
    cores: number;
    memoryGb: number;
    diskGb: number;
    location?: string;
    bmc: string;
    system: string;
    usernameEnv?: string;
  }[],
): string {
  const lines = [`provider = "${provider}"`, `description = "Test rack"`, `location = "fra1"`, ''];
  for (const m of machines) {
    lines.push('[[machines]]', `id = "${m.id}"`);
    if (m.location) lines.push(`location = "${m.location}"`);
    lines.push(`cpu_cores = ${m.cores}`, `memory_gb = ${m.memoryGb}`, '');
    lines.push('[[machines.disks]]', 'name = "nvme0"', `size_gb = ${m.diskGb}`, 'type = "nvme"', '');
    lines.push('[[machines.nics]]', 'name = "eno1"', 'mac = "52:54:00:12:34:56"', 'speed_gbps = 25', '');
    lines.push('[machines.bmc]', `address = "${m.bmc}"`, `system = "${m.system}"`);
    if (m.usernameEnv) lines.push(`username_env = "${m.usernameEnv}"`, `password_env = "${m.usernameEnv}_PASSWORD"`);
    lines.push('');
  }
  return lines.join('\n');
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd: dir,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 't@example.org',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 't@example.org',
    },
  });
}

/** A real Git repository holding `files`, committed; `commit` adds a later commit. */
export function registryRepository(files: Record<string, string>): {
  dir: string;
  commit(files: Record<string, string>, message?: string): void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), 'nimbus-registry-'));
  git(dir, 'init', '-q', '-b', 'main');
  const commit = (next: Record<string, string>, message = 'registry') => {
    for (const [name, text] of Object.entries(next)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', message);
  };
  commit(files);
  return { dir, commit };
}
