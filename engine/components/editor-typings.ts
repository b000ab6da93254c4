import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const requireFromHere = createRequire(import.meta.url);

/** The npm packages whose types the component editor offers, per provider (the Pulumi SDK always). */
const PROVIDER_PACKAGES: Record<string, string[]> = {
  proxmox: ['@muhlba91/pulumi-proxmoxve'],
};

const cache = new Map<string, { path: string; content: string }[]>();

/** Every `.d.ts` and the package.json of an installed package, under `file:///node_modules/<name>/…`. */
function packageTypings(name: string): { path: string; content: string }[] {
  const cached = cache.get(name);
  if (cached) return cached;
  const root = path.dirname(requireFromHere.resolve(`${name}/package.json`));
  const files: { path: string; content: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      } else if (entry.name.endsWith('.d.ts') || full === path.join(root, 'package.json')) {
        files.push({
          path: `file:///node_modules/${name}/${path.relative(root, full).split(path.sep).join('/')}`,
          content: readFileSync(full, 'utf8'),
        });
      }
    }
  };
  walk(root);
  cache.set(name, files);
  return files;
}

/**
 * Type declarations for the component editor's TypeScript service: the Pulumi SDK, plus the provider
 * SDK of `provider` when there is one. Read from the installed packages, so the editor completes
 * offline and always against the versions programs run with.
 */
export function editorTypings(provider: string | undefined): { path: string; content: string }[] {
  return [...packageTypings('@pulumi/pulumi'), ...(provider ? (PROVIDER_PACKAGES[provider] ?? []) : []).flatMap(packageTypings)];
}
