// Lint rules, including the layer rules of the architecture: which folder may import what.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'worker_threads', 'stream'];

/** Third-party SDKs reachable only through their adapter module. */
const adapters = [
  { name: 'better-sqlite3', adapter: 'engine/store/sqlite.ts' },
  { name: '@pulumi/pulumi/automation', adapter: 'engine/pulumi/automation-adapter.ts' },
  { name: 'xstate', adapter: 'engine/lifecycle/stack-machine.ts' },
  { name: 'jsep', adapter: 'engine/expressions/expression.ts' },
];
const adapterPatterns = [
  { group: ['better-sqlite3'], message: 'Use the store adapter (engine/store/sqlite.ts).' },
  { group: ['@pulumi/pulumi/automation', '@pulumi/pulumi/automation/*'], message: 'Use the Pulumi adapter (engine/pulumi/automation-adapter.ts).' },
  { group: ['xstate', 'xstate/*'], message: 'Use the state machine adapter (engine/lifecycle/stack-machine.ts).' },
  { group: ['jsep', 'jsep/*'], message: 'Use the expression language (engine/expressions/expression.ts).' },
];

const restrict = (patterns, files, extra = {}) => ({
  files,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns, ...extra }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**', 'resources/programs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['engine/**/*.{ts,mjs}', 'resources/runtime/*.cjs', 'main/**/*.ts', 'scripts/**/*.{js,mjs}', 'bin/**/*.js', 'e2e/**/*.ts', 'bench/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'preload/**/*.ts'],
    languageOptions: { globals: globals.browser },
  },
  // Playwright fixtures declare their dependencies by destructuring, even when there are none.
  { files: ['e2e/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  // A CommonJS script run by `node` in a child process: require is how it loads the program.
  { files: ['resources/runtime/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['renderer/**/*.{ts,tsx}'], plugins: { 'react-hooks': reactHooks }, rules: reactHooks.configs.recommended.rules },

  // engine/: plain Node. No Electron, React, DOM libraries or UI SDKs; adapters for SDKs.
  restrict(
    [
      { group: ['electron', 'react', 'react-dom', 'react/*', 'monaco-editor', '@monaco-editor/*', 'rete', 'rete-*', 'styled-components'], message: 'engine/ runs under plain Node: no Electron, React or UI libraries.' },
      { group: ['**/main/*', '**/renderer/*', '**/preload/*'], message: 'engine/ must not depend on the shells.' },
      ...adapterPatterns,
    ],
    ['engine/**/*.ts'],
  ),
  ...adapters.map(({ adapter }) => ({
    files: [adapter, adapter.replace(/\.ts$/, '.test.ts')],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['electron', 'react', 'react-dom'], message: 'engine/ runs under plain Node.' }] }] },
  })),

  // renderer/: types only from the engine contract; never Node, Electron or engine runtime.
  restrict(
    [
      { group: nodeBuiltins, message: 'renderer/ talks to the engine only through window.nimbus / the API client.' },
      { group: ['electron', 'better-sqlite3', 'ws', '@pulumi/*'], message: 'renderer/ cannot use Node-side packages.' },
      // The common layer (engine/common: pure rules both sides need) is shared at runtime.
      { regex: '(^|/)engine/(?!common/([a-z0-9-]+/)*[a-z0-9-]+$)', allowTypeImports: true, message: 'renderer/ may import only types from engine/api (and engine/common at runtime).' },
      { group: ['**/main/*', '**/preload/*'], message: 'renderer/ does not import the shells.' },
    ],
    ['renderer/**/*.{ts,tsx}'],
  ),

  // preload/: Electron's renderer IPC and the contract's method list (in the common layer), nothing more.
  restrict(
    [
      { regex: '/engine/(?!common/([a-z0-9-]+/)*[a-z0-9-]+$|api/contract$)', message: 'preload/ may import only engine/common (and contract types).' },
      { group: ['react', 'react-dom', 'better-sqlite3', 'ws', '@pulumi/*', ...nodeBuiltins], message: 'preload/ is a thin bridge.' },
    ],
    ['preload/**/*.ts'],
  ),

  // main/: wiring, windows, menus. No UI libraries; SDKs only through engine adapters.
  restrict(
    [
      { group: ['react', 'react-dom', 'monaco-editor', 'rete', 'rete-*'], message: 'main/ holds no UI code.' },
      { group: ['**/renderer/*'], message: 'main/ does not import the renderer.' },
      ...adapterPatterns,
    ],
    ['main/**/*.ts'],
  ),
);
