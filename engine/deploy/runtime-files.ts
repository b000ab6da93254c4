import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resourcesDir } from '../paths.js';

/**
 * Copies `names` from the app's `resources/runtime` into `dir` (those in `executables` with mode 0755,
 * whatever mode a packager left the app's copy with; the rest 0644) unless
 * `checked` and all are there: processes outside the app (Node, the Pulumi CLI) must be able to read
 * them, and an app update replaces them. Compared with the app's copy once per engine and written
 * again whenever one is missing (a person may delete the directory while the engine runs). Writes go
 * through a renamed temporary file, so a process starting meanwhile never reads half a file. Returns
 * true: checked.
 */
export function installRuntimeFiles(dir: string, names: readonly string[], checked: boolean, executables: readonly string[] = []): boolean {
  if (checked && names.every((name) => existsSync(path.join(dir, name)))) return true;
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    const source = path.join(resourcesDir(), 'runtime', name);
    const content = readFileSync(source, 'utf8');
    const mode = executables.includes(name) ? 0o755 : 0o644;
    const file = path.join(dir, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === content && (statSync(file).mode & 0o777) === mode) continue;
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, content, { mode });
    chmodSync(partial, mode);
    renameSync(partial, file);
  }
  return true;
}
