import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a work directory is built from: the pinned version of a component. */
export interface ProgramSource {
  component: string;
  version: number;
  code: string;
}

/** The Pulumi project name of a component's programs (state is kept per project and stack). */
export function projectName(component: string): string {
  return `nimbus-${component}`;
}

/**
 * Writes the program of a deployment into `<workRoot>/<key>`: Pulumi.yaml, the program and a
 * package.json that keeps it CommonJS whatever lies above the data directory. Everything in it is
 * derived from the pinned component version, so a deleted work directory is simply written again;
 * Pulumi's state lives in the backend, not here.
 */
export function prepareWorkDir(workRoot: string, key: string, source: ProgramSource): string {
  if (!/^[A-Za-z0-9._-]+$/.test(key)) throw new Error(`work directory key ${JSON.stringify(key)} is not a plain name`);
  const dir = path.join(workRoot, key);
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {
    'Pulumi.yaml': `name: ${projectName(source.component)}\nruntime: nodejs\ndescription: ${source.component}@${source.version} deployed by Nimbus\n`,
    'index.ts': source.code,
    'package.json': `${JSON.stringify({ name: projectName(source.component), private: true, main: 'index.ts' }, null, 2)}\n`,
  };
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== content) writeFileSync(file, content);
  }
  return dir;
}

/** Removes a work directory that is no longer needed (a destroyed deployment, a finished preview). */
export function removeWorkDir(workRoot: string, key: string): void {
  rmSync(path.join(workRoot, key), { recursive: true, force: true });
}
