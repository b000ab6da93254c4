import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NimbusError } from '../errors.js';
import { resourcesDir } from '../paths.js';
import { tempDir } from '../test-support/temp-dir.js';
import { ProgramCompiler } from './program-compiler.js';
import { prepareWorkDir } from './work-dir.js';

const storage = readFileSync(path.join(resourcesDir(), 'components', 'local-storage', 'index.ts'), 'utf8');

describe('ProgramCompiler', () => {
  let temp: ReturnType<typeof tempDir> | undefined;
  afterEach(() => temp?.remove());

  it('compiles a component version once for every work directory and keeps it across engines', { timeout: 120_000 }, async () => {
    temp = tempDir('nimbus-compile-');
    const cache = path.join(temp.dir, 'programs');
    const work = path.join(temp.dir, 'work');
    const source = { component: 'local-storage', version: 1, code: storage };
    const first = prepareWorkDir(work, 'deployment-a', source);
    const second = prepareWorkDir(work, 'deployment-b', source);
    const compiler = new ProgramCompiler(cache);
    await Promise.all([compiler.prepare(first, 'up'), compiler.prepare(second, 'preview')]);
    expect(readdirSync(cache)).toHaveLength(1);
    const entry = path.join(cache, readdirSync(cache)[0]!);
    const written = statSync(entry).mtimeMs;
    const js = readFileSync(path.join(first, 'index.js'), 'utf8');
    expect(readFileSync(path.join(second, 'index.js'), 'utf8')).toBe(js);
    expect(js).toContain('class LocalDisk extends pulumi.dynamic.Resource');
    expect(js).toContain('sourceMappingURL=data:application/json;base64,');
    // Another engine on the same data directory reads the cache instead of compiling again.
    const third = prepareWorkDir(work, 'deployment-c', source);
    await new ProgramCompiler(cache).prepare(third, 'up');
    expect(statSync(entry).mtimeMs).toBe(written);
    expect(readFileSync(path.join(third, 'index.js'), 'utf8')).toBe(js);
    // Operations that do not run the program compile nothing.
    const fourth = prepareWorkDir(work, 'deployment-d', { ...source, code: `${storage}\n// edited\n` });
    await compiler.prepare(fourth, 'destroy');
    expect(readdirSync(cache)).toHaveLength(1);
  });

  it('fails a program that does not type-check with pulumi_compile_error naming its line', { timeout: 120_000 }, async () => {
    temp = tempDir('nimbus-compile-');
    const dir = prepareWorkDir(path.join(temp.dir, 'work'), 'broken', {
      component: 'broken',
      version: 1,
      code: "import * as pulumi from '@pulumi/pulumi';\n\nconst config = new pulumi.Config();\nconst count: number = config.require('name');\nexport const out = String(count);\n",
    });
    const compiler = new ProgramCompiler(path.join(temp.dir, 'programs'));
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const error = await compiler.prepare(dir, 'up').then(
        () => null,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(NimbusError);
      expect(error).toMatchObject({ code: 'pulumi_compile_error', details: { file: 'index.ts', line: 4, column: 7, tsCode: 'TS2322' } });
    }
  });
});
