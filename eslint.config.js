// Lint rules, including the layer rules of the architecture (scripts/eslint/): which folder may import what.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { SOURCE_FILES, layerConfigs } from './scripts/eslint/layer-policy.js';

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
    files: [
      `engine/**/*.${SOURCE_FILES}`,
      'resources/runtime/*.cjs',
      `main/**/*.${SOURCE_FILES}`,
      'scripts/**/*.{js,mjs}',
      'bin/**/*.js',
      'e2e/**/*.ts',
      'bench/**/*.ts',
      '*.config.{ts,js}',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: [`renderer/**/*.${SOURCE_FILES}`, `preload/**/*.${SOURCE_FILES}`],
    languageOptions: { globals: globals.browser },
  },
  // Engine code moves to asynchronous repositories: a promise left unawaited or used as a condition is a bug.
  {
    files: ['engine/**/*.{ts,mts,cts}'],
    ignores: ['**/__fixtures__/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  // Services reach storage only through the store port (engine/store/ports): the SQLite driver, the
  // synchronous store and its repositories are for engine/store itself and the composition roots (the
  // engine, and `nimbus server init` and `server start`, which open the shared server's database).
  {
    files: ['engine/**/*.{ts,mts,cts}'],
    ignores: [
      'engine/store/**',
      'engine/engine.ts',
      'engine/cli/server-init.ts',
      'engine/cli/server-start.ts',
      'engine/test-support/**',
      '**/*.test.ts',
      '**/__fixtures__/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)store/(store|sqlite|sqlite-store-port|migrate|audit|[a-z-]+-repository)(\\.js)?$',
              message: 'Use the store port (engine/store/ports): services must run on every store, SQLite and PostgreSQL.',
            },
            {
              regex: '(^|/)store/postgres/',
              message: 'Use the store port (engine/store/ports); only the composition root opens a PostgreSQL store.',
            },
          ],
        },
      ],
    },
  },
  // Playwright fixtures declare their dependencies by destructuring, even when there are none.
  { files: ['e2e/**/*.ts'], rules: { 'no-empty-pattern': 'off' } },
  // A CommonJS script run by `node` in a child process: require is how it loads the program.
  {
    files: ['resources/runtime/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['renderer/**/*.{ts,tsx}'], plugins: { 'react-hooks': reactHooks }, rules: reactHooks.configs.recommended.rules },

  // The layer rules: what each folder may import (static, type-only, dynamic, required).
  // Policies and their package lists: scripts/eslint/layer-policy.js; probes: scripts/layer-rules.test.ts.
  ...layerConfigs,
);
