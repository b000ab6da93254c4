import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The architecture's layer rules (scripts/eslint/layer-policy.js, applied by eslint.config.js);
// these probes prove they bite: each lints a snippet at a path in a layer.
// Probes lint snippets at paths no project holds, so the type-aware promise rules (and the project
// service they need) are off here; the layer rules need no types.
const eslint = new ESLint({
  overrideConfig: {
    files: ['engine/**/*.{ts,mts,cts}'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});

async function layerMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`${filePath} does not parse: ${fatal.map((m) => m.message).join('; ')}`);
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('layers/')).map((m) => m.message);
}

describe('layer rules', () => {
  it('engine/ may not import electron, react or an SDK outside its adapter', async () => {
    const messages = await layerMessages(
      'engine/some-service.ts',
      "import { app } from 'electron';\nimport React from 'react';\nimport Database from 'better-sqlite3';\nimport { LocalWorkspace } from '@pulumi/pulumi/automation';\nexport const all = [app, React, Database, LocalWorkspace];\n",
    );
    expect(messages).toHaveLength(4);
    expect(messages[0]).toMatch(/engine\/ may not use 'electron': engine\/ runs under plain Node/);
    expect(messages[2]).toBe("'better-sqlite3' is reached only through its adapter, engine/store/sqlite.ts.");
    expect(messages[3]).toBe("'@pulumi/pulumi/automation' is reached only through its adapter, engine/pulumi/automation-adapter.ts.");
  });

  it('the SQLite adapter may import better-sqlite3', async () => {
    expect(await layerMessages('engine/store/sqlite.ts', "import Database from 'better-sqlite3';\nexport const D = Database;\n")).toEqual(
      [],
    );
    expect(
      await layerMessages(
        'engine/store/sqlite.test.ts',
        "import Database from 'better-sqlite3';\nimport { it } from 'vitest';\nexport const D = [Database, it];\n",
      ),
    ).toEqual([]);
  });

  it('the CRDT library is reached only inside its adapter folder, engine/sync/', async () => {
    const code = "import { from } from '@automerge/automerge';\nexport const f = from;\n";
    expect(await layerMessages('engine/sync/topology-document.ts', code)).toEqual([]);
    expect(await layerMessages('engine/sync/value-encoding.ts', code)).toEqual([]);
    expect(await layerMessages('engine/sync/topology-document.test.ts', code)).toEqual([]);
    expect(await layerMessages('engine/topology/topology-service.ts', code)).toEqual([
      "'@automerge/automerge' is reached only through its adapter, engine/sync/.",
    ]);
    expect(await layerMessages('engine/synchronise.ts', code)).toEqual([
      "'@automerge/automerge' is reached only through its adapter, engine/sync/.",
    ]);
    expect(await layerMessages('renderer/src/sync.ts', code)).toEqual([
      expect.stringMatching(/may not use '@automerge\/automerge': it runs only in the engine/),
    ]);
  });

  it("an adapter's exception adds its one package and keeps every other rule", async () => {
    const code =
      "import Database from 'better-sqlite3';\nimport { app } from 'electron';\nimport { createActor } from 'xstate';\nimport { view } from '../../renderer/src/view';\nexport const all = [Database, app, createActor, view];\n";
    const messages = await layerMessages('engine/store/sqlite.ts', code);
    expect(messages).toEqual([
      "engine/ may not use 'electron': engine/ runs under plain Node: no Electron, React or UI libraries.",
      "'xstate' is reached only through its adapter, engine/lifecycle/stack-machine.ts.",
      expect.stringMatching(/^engine\/ may not import 'renderer\/src\/view': engine\/ must not depend on the shells/),
    ]);
  });

  it('a dynamic import() of a forbidden module fails, with a plain string or a template without expressions', async () => {
    const code =
      "export const load = () => import('electron');\nexport const db = () => import(`better-sqlite3`);\nexport const ui = () => import('../renderer/src/main');\n";
    const messages = await layerMessages('engine/some-service.ts', code);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/may not use 'electron'/);
    expect(messages[1]).toMatch(/'better-sqlite3' is reached only through its adapter/);
    expect(messages[2]).toMatch(/may not import 'renderer\/src\/main'/);
  });

  it('a dynamic import() with a computed name is reported as unverifiable unless disabled with a reason', async () => {
    const code = 'export const load = (name: string) => import(name);\nexport const other = (name: string) => import(`./${name}`);\n';
    const messages = await layerMessages('renderer/src/ui/loader.ts', code);
    expect(messages).toEqual([
      expect.stringMatching(/this dynamic import\(\) takes a computed module name/),
      expect.stringMatching(/this dynamic import\(\) takes a computed module name/),
    ]);
    const explained =
      '// eslint-disable-next-line layers/imports -- the plug-in the user picked, from their own folder.\nexport const load = (name: string) => import(name);\n';
    expect(await layerMessages('renderer/src/ui/loader.ts', explained)).toEqual([]);
    const unexplained = '// eslint-disable-next-line layers/imports\nexport const load = (name: string) => import(name);\n';
    expect(await layerMessages('renderer/src/ui/loader.ts', unexplained)).toEqual([
      expect.stringMatching(/^Say why the layer rule is off here/),
    ]);
  });

  it('require(), module.require() and createRequire of a forbidden module fail', async () => {
    const code = [
      "import { createRequire } from 'node:module';",
      "import * as nodeModule from 'node:module';",
      'const requireHere = createRequire(import.meta.url);',
      "export const a = require('electron');",
      "export const b = requireHere('react');",
      "export const c = createRequire(import.meta.url)('xstate');",
      "export const d = module.require('jsep');",
      "export const e = nodeModule.createRequire(import.meta.url)('react-dom');",
      "export const g = globalThis.require('styled-components');",
      "export const f = requireHere.resolve('electron');",
      '',
    ].join('\n');
    const messages = await layerMessages('engine/some-service.ts', code);
    expect(messages).toEqual([
      expect.stringMatching(/may not use 'electron'/),
      expect.stringMatching(/may not use 'react'/),
      expect.stringMatching(/'xstate' is reached only through its adapter/),
      expect.stringMatching(/'jsep' is reached only through its adapter/),
      expect.stringMatching(/may not use 'react-dom'/),
      expect.stringMatching(/may not use 'styled-components'/),
    ]);
  });

  it('a require function that is passed on, or a required computed name, is unverifiable', async () => {
    const code = [
      "import { createRequire as makeRequire } from 'node:module';",
      'declare function host(load: unknown): void;',
      'host(makeRequire(import.meta.url));',
      'const load = makeRequire(import.meta.url);',
      'host(load);',
      'export const pick = (name: string) => require(name);',
      'export const alias = require;',
      '',
    ].join('\n');
    const messages = await layerMessages('engine/some-service.ts', code);
    expect(messages).toEqual([
      expect.stringMatching(/the require function createRequire returns is passed on here/),
      expect.stringMatching(/the require function createRequire returns is passed on here/),
      expect.stringMatching(/this require\(\) takes a computed module name/),
      expect.stringMatching(/the require function is passed on here/),
    ]);
  });

  it('import x = require() and export … from are checked like imports', async () => {
    const code =
      "import electron = require('electron');\nexport { createActor } from 'xstate';\nexport * from '../../main/ipc';\nexport const e = electron;\n";
    const messages = await layerMessages('engine/api/some.cts', code);
    expect(messages).toEqual([
      expect.stringMatching(/may not use 'electron'/),
      expect.stringMatching(/'xstate' is reached only through its adapter/),
      expect.stringMatching(/may not import 'main\/ipc'/),
    ]);
  });

  it('renderer/ may import engine types but not engine runtime or node:*', async () => {
    // renderer/src/api/ is three folders below the repository root.
    const allowed = "import type { NimbusApi } from '../../../engine/api/contract';\nexport type Api = NimbusApi;\n";
    expect(await layerMessages('renderer/src/api/client.ts', allowed)).toEqual([]);
    const forbidden =
      "import { contract } from '../../../engine/api/contract';\nimport { readFileSync } from 'node:fs';\nexport const all = [contract, readFileSync];\n";
    expect(await layerMessages('renderer/src/api/client.ts', forbidden)).toHaveLength(2);
  });

  it('renderer/ may import engine/common at run time and engine/api types', async () => {
    const code =
      "import { isMethodName } from '../../../engine/common/methods';\nimport type { NimbusApi } from '../../../engine/api/contract';\nimport type { Stack } from '../../../engine/api/schemas/stacks';\nexport type Api = [NimbusApi, Stack];\nexport const m = isMethodName;\n";
    expect(await layerMessages('renderer/src/ui/x.ts', code)).toEqual([]);
  });

  it('renderer/ may import types only from engine/api and engine/common, never from another engine folder', async () => {
    const code = [
      "import type { Store } from '../../../engine/store/store';",
      "export type { Job } from '../../../engine/jobs/job';",
      "export type Engine = import('../../../engine/engine').Engine;",
      'export type S = Store;',
      '',
    ].join('\n');
    const messages = await layerMessages('renderer/src/ui/x.ts', code);
    expect(messages).toEqual([
      expect.stringMatching(
        /^renderer\/ may not import 'engine\/store\/store': .* It may import renderer, engine\/common \(and types from engine\/api\)/,
      ),
      expect.stringMatching(/may not import 'engine\/jobs\/job'/),
      expect.stringMatching(/may not import 'engine\/engine'/),
    ]);
  });

  it('renderer/ must write `import type` for engine/api: an inline `type` still loads the module', async () => {
    const code = "import { type NimbusApi } from '../../../engine/api/contract';\nexport type Api = NimbusApi;\n";
    expect(await layerMessages('renderer/src/ui/x.ts', code)).toEqual([
      expect.stringMatching(/may import 'engine\/api\/contract' only as types/),
    ]);
  });

  it('renderer/ may import the common layer at runtime (the wording of preview values), and no other engine module', async () => {
    expect(
      await layerMessages(
        'renderer/src/ui/x.ts',
        "import { KNOWN_AFTER_DEPLOY } from '../../../engine/common/preview-value';\nexport const k = KNOWN_AFTER_DEPLOY;\n",
      ),
    ).toEqual([]);
    expect(
      await layerMessages(
        'renderer/src/ui/x.ts',
        "import { METHOD_NAMES } from '../../../engine/api/methods';\nexport const m = METHOD_NAMES;\n",
      ),
    ).toHaveLength(1);
  });

  it('renderer/ may not use engine-only packages, at run time or as types', async () => {
    const code = [
      "import { createActor } from 'xstate';",
      "import jsep from 'jsep';",
      "import type Database from 'better-sqlite3';",
      "import type { Output } from '@pulumi/pulumi';",
      "import WebSocket from 'ws';",
      "import { ipcRenderer } from 'electron';",
      'export type T = [Database, Output<string>];',
      'export const all = [createActor, jsep, WebSocket, ipcRenderer];',
      '',
    ].join('\n');
    const messages = await layerMessages('renderer/src/ui/x.tsx', code);
    expect(messages).toHaveLength(6);
    expect(messages.slice(0, 5).every((m) => /it runs only in the engine/.test(m))).toBe(true);
    expect(messages[5]).toMatch(/may not use 'electron': the renderer reaches Electron only through window.nimbus/);
  });

  it('an unlisted package fails and names the list to edit', async () => {
    expect(await layerMessages('renderer/src/ui/x.ts', "import leftPad from 'left-pad';\nexport const l = leftPad;\n")).toEqual([
      "'left-pad' is not on the package list of renderer/. If renderer/ should use it, add it to layerPolicies.renderer.packages in scripts/eslint/layer-policy.js.",
    ]);
    expect(await layerMessages('engine/some-service.ts', "import leftPad from 'left-pad/index.js';\nexport const l = leftPad;\n")).toEqual([
      "'left-pad' is not on the package list of engine/. If engine/ should use it, add it to layerPolicies.engine.packages in scripts/eslint/layer-policy.js.",
    ]);
  });

  it('renderer/ may not use any Node built-in, with or without node:, subpaths included', async () => {
    const code = [
      "import { readFile } from 'fs/promises';",
      "import zlib from 'zlib';",
      "import { Worker } from 'node:worker_threads';",
      "import dns from 'dns/promises';",
      "import type { Readable } from 'stream';",
      "export const s = () => import('node:sqlite');",
      "export const all = [readFile, zlib, Worker, dns, process.getBuiltinModule('v8')];",
      'export type R = Readable;',
      '',
    ].join('\n');
    const messages = await layerMessages('renderer/src/ui/x.ts', code);
    expect(messages).toHaveLength(7);
    expect(messages.every((m) => /^renderer\/ may not use the Node built-in/.test(m))).toBe(true);
  });

  it('the rules cover .mts, .cts, .js, .mjs and .cjs files in every layer', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    for (const file of [
      'engine/x.mts',
      'engine/x.cts',
      'engine/x.js',
      'engine/x.mjs',
      'engine/x.cjs',
      'engine/common/x.mts',
      'main/x.mts',
    ]) {
      const expected = file.startsWith('main/') ? [] : [expect.stringMatching(/may not use 'electron'|not on the package list/)];
      expect(await layerMessages(file, code), file).toEqual(expected);
    }
    // React is the renderer's, not preload's or main's; Node built-ins are main's, not the renderer's or preload's.
    const counts = {
      'renderer/src/x.mts': 1,
      'renderer/src/x.cts': 1,
      'renderer/src/x.tsx': 1,
      'renderer/src/x.mjs': 1,
      'preload/x.cjs': 2,
      'preload/x.mts': 2,
      'main/x.cts': 1,
      'main/x.js': 1,
    };
    for (const [file, count] of Object.entries(counts)) {
      expect(
        await layerMessages(
          file,
          "import React from 'react';\nimport { readFileSync } from 'node:fs';\nexport const all = [React, readFileSync];\n",
        ),
        file,
      ).toHaveLength(count);
    }
  });

  it('engine/common/ imports only other engine/common/ files: no Node, no package, no other engine folder', async () => {
    expect(
      await layerMessages(
        'engine/common/wire-rules.ts',
        "import { isIdentifier } from './identifiers';\nimport type { Kind } from './kinds.js';\nexport const all = [isIdentifier];\nexport type K = Kind;\n",
      ),
    ).toEqual([]);
    expect(
      await layerMessages('engine/common/wire-rules.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"),
    ).toEqual([
      "engine/common/ may not use the Node built-in 'node:fs': the common layer is pure TypeScript that runs in Node and in the browser alike.",
    ]);
    expect(
      await layerMessages('engine/common/wire-rules.ts', "import type { NimbusApi } from '../api/contract';\nexport type A = NimbusApi;\n"),
    ).toEqual([
      expect.stringMatching(
        /^engine\/common\/ may not import 'engine\/api\/contract': the common layer imports only other engine\/common\/ files/,
      ),
    ]);
    expect(await layerMessages('engine/common/wire-rules.ts', "import { z } from 'zod';\nexport const s = z.string();\n")).toEqual([
      "'zod' is not on the package list of engine/common/. If engine/common/ should use it, add it to layerPolicies.common.packages in scripts/eslint/layer-policy.js.",
    ]);
    expect(
      await layerMessages(
        'engine/common/wire-rules.test.ts',
        "import { it } from 'vitest';\nimport { wireProblem } from './wire-rules';\nexport const all = [it, wireProblem];\n",
      ),
    ).toEqual([]);
  });

  it('preload/ may import the method list from the common layer but nothing else from the engine', async () => {
    expect(
      await layerMessages('preload/preload.ts', "import { METHOD_NAMES } from '../engine/api/methods';\nexport const m = METHOD_NAMES;\n"),
    ).toHaveLength(1);
    expect(
      await layerMessages(
        'preload/preload.ts',
        "import { METHOD_NAMES } from '../engine/common/methods';\nimport type { NimbusApi } from '../engine/api/contract';\nimport { contextBridge } from 'electron';\nexport const m = [METHOD_NAMES, contextBridge];\nexport type A = NimbusApi;\n",
      ),
    ).toEqual([]);
    expect(
      await layerMessages('preload/preload.ts', "import { openStore } from '../engine/store/store';\nexport const o = openStore;\n"),
    ).toHaveLength(1);
    expect(
      await layerMessages(
        'preload/preload.ts',
        "import type { Stack } from '../engine/api/schemas/stacks';\nimport { contract } from '../engine/api/contract';\nimport React from 'react';\nexport const c = [contract, React];\nexport type S = Stack;\n",
      ),
    ).toHaveLength(3);
  });

  it('main/ holds no UI code, never imports the renderer, and reaches SDKs only through engine adapters', async () => {
    expect(
      await layerMessages(
        'main/main.ts',
        "import { app } from 'electron';\nimport { startEngine } from '../engine/engine.js';\nimport path from 'node:path';\nexport const all = [app, startEngine, path];\n",
      ),
    ).toEqual([]);
    const code =
      "import React from 'react';\nimport { App } from '../renderer/src/App';\nimport Database from 'better-sqlite3';\nimport { LocalWorkspace } from '@pulumi/pulumi/automation';\nexport const all = [React, App, Database, LocalWorkspace];\n";
    expect(await layerMessages('main/main.ts', code)).toEqual([
      "main/ may not use 'react': main/ holds no UI code.",
      expect.stringMatching(/^main\/ may not import 'renderer\/src\/App': main\/ hosts the engine/),
      "'better-sqlite3' is reached only through its adapter, engine/store/sqlite.ts.",
      "'@pulumi/pulumi/automation' is reached only through its adapter, engine/pulumi/automation-adapter.ts.",
    ]);
  });

  it('compiled output counts as its source folder', async () => {
    const worker = 'engine/resolvers/ipam/__fixtures__/allocate-worker.mjs';
    expect(await layerMessages(worker, "export const { openStore } = await import('../../../../dist/engine/store/store.js');\n")).toEqual(
      [],
    );
    expect(await layerMessages(worker, "export const { App } = await import('../../../../dist/renderer/assets/app.js');\n")).toEqual([
      expect.stringMatching(/^engine\/ may not import 'renderer\/assets\/app'/),
    ]);
  });

  it('triple-slash references are type references of the layer', async () => {
    expect(await layerMessages('renderer/src/x.ts', '/// <reference types="node" />\nexport const x = 1;\n')).toEqual([
      expect.stringMatching(/may not use the Node built-in 'node'|not on the package list/),
    ]);
  });

  it('services reach storage only through the store port', async () => {
    const [result] = await eslint.lintText(
      "import type { Store } from '../store/store.js';\nimport { PgTopologyRepository } from '../store/postgres/topology-repository.js';\nimport type { DeploymentRecord } from '../store/deployment-repository.js';\nimport type { StorePort } from '../store/ports/store-port.js';\nexport type All = [Store, PgTopologyRepository, DeploymentRecord, StorePort];\n",
      { filePath: 'engine/deploy/some-service.ts' },
    );
    const restricted = (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line);
    expect(restricted).toEqual([1, 2, 3]);
    const [inside] = await eslint.lintText("import type { Store } from './store.js';\nexport type S = Store;\n", {
      filePath: 'engine/store/some-repository.ts',
    });
    expect((inside?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });
});
