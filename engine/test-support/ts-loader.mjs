// Node module hooks that run the engine's TypeScript sources directly in a child process a test
// starts (e.g. as another user): `.js` specifiers resolve to the `.ts` file beside them, and `.ts`
// files are transpiled (types stripped, nothing checked) with the project's TypeScript.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Resolves a relative `./x.js` to `./x.ts` when only the TypeScript source exists. */
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (context.parentURL && /^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')) {
      const url = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
      if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
    }
    throw error;
  }
}

/** Loads a `.ts` file as an ES module with its types stripped. */
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
