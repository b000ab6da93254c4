// The layers of the architecture and what each may import (the rule is in layer-rule.js).
// Every package a layer uses is listed here; a new one fails lint until it is added to its list.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layersPlugin } from './layer-rule.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every kind of source file a layer may hold. */
export const SOURCE_FILES = '{ts,tsx,mts,cts,js,mjs,cjs}';

/**
 * Third-party SDKs reachable only through their adapter module (and that module's tests); a `file`
 * ending in `/` is an adapter folder (the SDK and the small modules that shape its use).
 */
const SDK_ADAPTERS = [
  { package: 'better-sqlite3', file: 'engine/store/sqlite.ts' },
  { package: 'pg', file: 'engine/store/postgres/pg.ts' },
  { package: 'pg-boss', file: 'engine/store/postgres/pg-boss.ts' },
  { package: '@pulumi/pulumi/automation', file: 'engine/pulumi/automation-adapter.ts' },
  { package: 'xstate', file: 'engine/lifecycle/stack-machine.ts' },
  { package: 'jsep', file: 'engine/expressions/expression.ts' },
  // The CRDT of synchronised documents: its document shape, conflicts and encodings stay in one folder.
  { package: '@automerge/automerge', file: 'engine/sync/' },
  { package: 'nodemailer', file: 'engine/notifications/email-transport.ts' },
];

const UI_LIBRARIES = ['electron', 'react', 'react-dom', 'monaco-editor', '@monaco-editor/*', 'rete', 'rete-*', 'styled-components'];

/** Packages that run only in the engine (Node): the shells reach them through the API. */
const ENGINE_ONLY = [
  'better-sqlite3',
  'pg',
  'pg-boss',
  'ws',
  'xstate',
  'jsep',
  '@automerge/*',
  'yjs',
  'nodemailer',
  '@pulumi/*',
  '@muhlba91/*',
];

/**
 * One policy per layer. `packages`: usable at run time (and as types); `typePackages`: only as types;
 * `testPackages`: also in `*.test.*` files; `folders`: repository folders (or files, without extension)
 * importable at run time; `typeFolders`: importable only with `import type`; `deny`: never, whatever
 * the lists say; `adapters`: SDKs allowed only in their adapter file.
 */
export const layerPolicies = {
  engine: {
    layer: 'engine/',
    nodeBuiltins: true,
    packages: ['@pulumi/pulumi', 'ajv', 'ajv-formats', 're2js', 'typescript', 'ws', 'yaml', 'zod', 'smol-toml'],
    testPackages: ['vitest', 'smtp-server', 'mailparser'],
    folders: ['engine'],
    foldersReason: 'engine/ must not depend on the shells (main/, preload/, renderer/).',
    deny: [{ packages: UI_LIBRARIES, message: 'engine/ runs under plain Node: no Electron, React or UI libraries.' }],
    adapters: SDK_ADAPTERS,
    adaptersHere: true,
  },
  common: {
    layer: 'engine/common/',
    nodeBuiltins: false,
    nodeBuiltinsReason: 'the common layer is pure TypeScript that runs in Node and in the browser alike.',
    packages: [],
    testPackages: ['vitest'],
    folders: ['engine/common'],
    foldersReason: 'the common layer imports only other engine/common/ files.',
  },
  renderer: {
    layer: 'renderer/',
    nodeBuiltins: false,
    nodeBuiltinsReason: 'renderer/ runs in the browser and talks to the engine only through window.nimbus or the API client.',
    packages: [
      'react',
      'react-dom',
      'rete',
      'rete-area-plugin',
      'rete-connection-plugin',
      'rete-history-plugin',
      'rete-react-plugin',
      'rete-render-utils',
      'monaco-editor',
      '@monaco-editor/react',
      'elkjs',
      're2js',
    ],
    testPackages: ['vitest', 'typescript'],
    folders: ['renderer', 'engine/common'],
    typeFolders: ['engine/api'],
    foldersReason: 'renderer/ uses the engine at run time only through engine/common/, and its types only from engine/api/.',
    deny: [
      { packages: ['electron'], message: 'the renderer reaches Electron only through window.nimbus (preload/).' },
      { packages: ENGINE_ONLY, message: 'it runs only in the engine; the renderer asks the engine through the API client.' },
    ],
  },
  preload: {
    layer: 'preload/',
    nodeBuiltins: false,
    nodeBuiltinsReason: 'preload/ is a sandboxed bridge that exposes window.nimbus and nothing else.',
    packages: ['electron'],
    testPackages: ['vitest'],
    folders: ['preload', 'engine/common'],
    typeFolders: ['engine/api/contract'],
    foldersReason: 'preload/ is a thin bridge: the common layer (method list, IPC channels) and the contract types, nothing more.',
    deny: [
      { packages: UI_LIBRARIES.filter((name) => name !== 'electron'), message: 'preload/ is a thin bridge, not UI.' },
      { packages: ENGINE_ONLY, message: 'it runs only in the engine; preload/ only forwards calls to it.' },
    ],
  },
  main: {
    layer: 'main/',
    nodeBuiltins: true,
    packages: ['electron'],
    testPackages: ['vitest'],
    folders: ['main', 'engine'],
    foldersReason: 'main/ hosts the engine; it never imports the renderer or preload.',
    deny: [{ packages: UI_LIBRARIES.filter((name) => name !== 'electron'), message: 'main/ holds no UI code.' }],
    adapters: SDK_ADAPTERS,
    adaptersHere: false,
  },
};

/** The files of each layer; a later entry wins, so engine/common/ files follow the common policy. */
const layerFiles = [
  ['engine', [`engine/**/*.${SOURCE_FILES}`]],
  ['common', [`engine/common/**/*.${SOURCE_FILES}`]],
  ['renderer', [`renderer/**/*.${SOURCE_FILES}`]],
  ['preload', [`preload/**/*.${SOURCE_FILES}`]],
  ['main', [`main/**/*.${SOURCE_FILES}`]],
];

/** The flat-config entries that apply the policies: spread them into eslint.config.js. */
export const layerConfigs = layerFiles.map(([name, files]) => ({
  files,
  plugins: { layers: layersPlugin },
  rules: {
    'layers/imports': ['error', { name, root, ...layerPolicies[name] }],
    'layers/explained-disable': 'error',
  },
}));
