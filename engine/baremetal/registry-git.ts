import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { NimbusError } from '../errors.js';

/** How long one git command may run before the sync is given up. */
const GIT_TIMEOUT_MS = 120_000;
/** At most this many TOML files are read from one registry. */
export const MAX_REGISTRY_FILES = 1000;

function git(args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      {
        ...(cwd ? { cwd } : {}),
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: 4 * 1024 * 1024,
        // Never prompt for a password: a registry that needs one fails with git's message instead of hanging.
        env: {
          ...process.env,
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: 'echo',
          // Only transports that fetch data: never `ext::` (runs a command) or other helpers a URL could name.
          GIT_ALLOW_PROTOCOL: 'file:git:http:https:ssh',
        },
      },
      (error, stdout, stderr) => {
        if (error) {
          const words = (stderr || error.message).trim().split('\n').slice(-3).join(' ');
          reject(new NimbusError('registry_sync_failed', `git ${args[0]} failed: ${words}`, { args: [...args] }));
        } else resolve(stdout.trim());
      },
    );
  });
}

/**
 * Brings the registry's checkout in `dir` up to date with `source` (a URL or a local path): cloned the
 * first time, then fetched and reset to the remote's default branch, so local changes never linger.
 * Returns the commit now checked out.
 */
export async function syncCheckout(source: string, dir: string): Promise<string> {
  if (!existsSync(path.join(dir, '.git'))) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(path.dirname(dir), { recursive: true });
    await git(['clone', '--quiet', '--', source, dir]);
  } else {
    await git(['remote', 'set-url', 'origin', source], dir);
    await git(['fetch', '--quiet', '--prune', 'origin'], dir);
    // The remote's default branch (origin/HEAD), refreshed in case it moved.
    await git(['remote', 'set-head', 'origin', '--auto'], dir).catch(() => '');
    const target = await git(['rev-parse', '--verify', 'origin/HEAD'], dir).catch(() => git(['rev-parse', '--verify', 'FETCH_HEAD'], dir));
    await git(['reset', '--quiet', '--hard', target], dir);
    await git(['clean', '-fdxq'], dir);
  }
  return git(['rev-parse', 'HEAD'], dir);
}

/** The TOML files of a checkout (relative paths, sorted), skipping `.git`; `source` is null for a file too large to read. */
export async function registryFiles(dir: string, maxBytes: number): Promise<{ name: string; source: string | null }[]> {
  const found: string[] = [];
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name.endsWith('.toml')) found.push(path.relative(dir, full).split(path.sep).join('/'));
      if (found.length > MAX_REGISTRY_FILES) {
        throw new NimbusError('registry_invalid', `the registry holds more than ${MAX_REGISTRY_FILES} TOML files`, {});
      }
    }
  };
  await walk(dir);
  found.sort();
  const files: { name: string; source: string | null }[] = [];
  for (const name of found) {
    const full = path.join(dir, name);
    files.push({ name, source: (await stat(full)).size > maxBytes ? null : await readFile(full, 'utf8') });
  }
  return files;
}
