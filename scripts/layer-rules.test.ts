import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The architecture's layer rules live in eslint.config.js; these cases prove they bite.
const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('engine/ may not import electron, react or an SDK outside its adapter', async () => {
    const messages = await restrictedImports(
      'engine/some-service.ts',
      "import { app } from 'electron';\nimport React from 'react';\nimport Database from 'better-sqlite3';\nimport { LocalWorkspace } from '@pulumi/pulumi/automation';\nexport const all = [app, React, Database, LocalWorkspace];\n",
    );
    expect(messages).toHaveLength(4);
  });

  it('the SQLite adapter may import better-sqlite3', async () => {
    expect(await restrictedImports('engine/store/sqlite.ts', "import Database from 'better-sqlite3';\nexport const D = Database;\n")).toEqual([]);
  });

  it('renderer/ may import engine types but not engine runtime or node:*', async () => {
    const allowed = "import type { NimbusApi } from '../../engine/api/contract';\nexport type Api = NimbusApi;\n";
    expect(await restrictedImports('renderer/src/api/client.ts', allowed)).toEqual([]);
    const forbidden = "import { contract } from '../../engine/api/contract';\nimport { readFileSync } from 'node:fs';\nexport const all = [contract, readFileSync];\n";
    expect(await restrictedImports('renderer/src/api/client.ts', forbidden)).toHaveLength(2);
  });

  it('renderer/ may import the common layer at runtime, and no other engine module', async () => {
    expect(await restrictedImports('renderer/src/ui/x.ts', "import { KNOWN_AFTER_DEPLOY } from '../../../engine/common/preview-value';\nexport const k = KNOWN_AFTER_DEPLOY;\n")).toEqual([]);
    expect(await restrictedImports('renderer/src/ui/x.ts', "import { METHOD_NAMES } from '../../../engine/api/methods';\nexport const m = METHOD_NAMES;\n")).toHaveLength(1);
  });

  it('preload/ may import the method list but nothing else from the engine', async () => {
    expect(await restrictedImports('preload/preload.ts', "import { METHOD_NAMES } from '../engine/common/method-names';\nexport const m = METHOD_NAMES;\n")).toEqual([]);
    expect(await restrictedImports('preload/preload.ts', "import { openStore } from '../engine/store/store';\nexport const o = openStore;\n")).toHaveLength(1);
  });
});
