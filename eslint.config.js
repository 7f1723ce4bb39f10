// Lint enforces where code runs (ARCHITECTURE.md §3): the folder a file is in decides what it
// may import. A violation is an error, so `npm test` fails on it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const INTO_ELECTRON = {
  regex: '(^|/)(electron/|app/(core|cli|server|engine)/)',
  message: 'The renderer reaches the core only through the contract in shared/.',
};
const NATIVE = ['better-sqlite3', 'dicom-parser', '@tensorflow/*', '@cornerstonejs/codec-*', 'fs', 'path', 'os', 'child_process'];
// esquery regexes end at a slash, so the scope is matched without one.
const ML_PACKAGE = '^(@tensorflow|onnxruntime-|onnx-proto$)';
const noNodeBuiltins = { group: ['node:*'], message: 'Node built-ins are not available here.' };

/** Builds a no-restricted-imports rule from path names and pattern objects. */
const restrict = (paths, patterns) => [
  'error',
  { paths: paths.map((name) => ({ name, message: `${name} may not be imported here (ARCHITECTURE.md §3).` })), patterns },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Resolved paths, not import strings: `../engine/` is app/engine from app/core but
    // app/core/engine from app/core/api. Cycles: `no-cycle` follows the same resolution.
    files: ['app/**/*.ts', 'electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              // The core's client reaches the engine only through messages (shared/engine/protocol.ts).
              target: ['./app/!(engine)/**', './electron/**', './shared/**', './renderer/**'],
              from: './app/engine',
              // peak-rss.ts is tfjs-free process bookkeeping the CLI's batch benchmark reads too.
              except: ['./peak-rss.ts'],
              message: 'Only the engine imports app/engine; talk to it through core/engine/engineClient.ts and shared/engine/protocol.ts.',
            },
          ],
        },
      ],
      // TensorFlow.js and ONNX Runtime load only in the engine process, lazily or not.
      'no-restricted-syntax': [
        'error',
        {
          selector: `ImportExpression[source.value=/${ML_PACKAGE}/]`,
          message: 'TensorFlow.js and ONNX Runtime are loaded only in the engine process (app/engine): send the engine a request.',
        },
      ],
    },
  },
  {
    files: ['app/engine/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Type-aware, two rules only: a dropped promise hides a failure, and a switch over a union
    // must name every case when the union grows. Tests are left out to keep lint quick.
    files: ['app/**/*.ts', 'electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['**/vite.config.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: [
      'app/**/*.ts',
      'electron/**/*.ts',
      'test/**/*.ts',
      'bin/**/*.js',
      'scripts/**/*.{js,mjs,ts}',
      '*.config.{js,ts}',
      '**/vite.config.ts',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': restrict(
        ['electron', 'react-dom/server', ...NATIVE.filter((n) => !n.includes('*'))],
        [
          INTO_ELECTRON,
          noNodeBuiltins,
          {
            group: ['@tensorflow/*', '@cornerstonejs/codec-*'],
            message: 'Native and ML packages run in the core or the engine, not the renderer.',
          },
        ],
      ),
    },
  },
  {
    // Only the api/ module talks to a transport; features code against ReviewApi.
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/api/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Use reviewApi from renderer/src/api.' },
        { name: 'WebSocket', message: 'Use reviewApi.on from renderer/src/api.' },
      ],
      'no-restricted-properties': ['error', { object: 'window', property: 'mammoseg', message: 'Use reviewApi from renderer/src/api.' }],
    },
  },
  {
    // The editor core is plain TypeScript: React renders it, never the other way round.
    files: ['renderer/src/editor/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['react', 'react-dom', 'electron'],
        [INTO_ELECTRON, noNodeBuiltins, { regex: '(^|/)features/', message: 'The editor core may not import React features.' }],
      ),
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['electron', 'react', 'react-dom', ...NATIVE.filter((n) => !n.includes('*'))],
        [
          noNodeBuiltins,
          { regex: '(^|/)(electron|renderer)/', message: 'shared/ imports only itself.' },
          { group: ['@tensorflow/*', '@cornerstonejs/*'], message: 'shared/ imports no runtime-specific package.' },
        ],
      ),
    },
  },
  {
    files: ['app/core/**/*.ts', 'app/server/**/*.ts', 'app/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['electron'],
        [
          { group: ['@tensorflow/*'], message: 'TensorFlow.js is loaded only in the engine process.' },
          {
            group: ['onnxruntime-node', 'onnxruntime-*', 'onnx-proto'],
            message: 'ONNX Runtime and the converter run only in the engine process.',
          },
          { regex: '(^|/)(main|preload|renderer)/', message: 'The core does not depend on a host.' },
        ],
      ),
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['better-sqlite3'],
        [
          { regex: '(^|/)(core|engine|server|cli)/', message: 'The preload sees only electron and shared/contract.' },
          { group: ['@tensorflow/*'], message: 'Not in the preload.' },
        ],
      ),
    },
  },
  {
    files: ['app/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        ['electron', 'better-sqlite3'],
        [{ regex: '(^|/)(core/db|main|preload|server|renderer)/', message: 'The engine owns TensorFlow.js, not the database or a host.' }],
      ),
    },
  },
  {
    // SQL lives only in repositories (issue 24): a service asks a repository, and a unit of work
    // that spans several goes through db/transaction.ts. A call of prepare/exec/pragma/transaction
    // on a receiver named `db` (`db.x`, `this.db.x`, `core.db.x`) is refused outside the stores;
    // regexes' `.exec` and the worker pool's `.prepare` are other receivers and pass.
    // The ML selector of the block above is repeated: a later block replaces the rule's options.
    files: ['app/**/*.ts', 'electron/**/*.ts'],
    ignores: [
      '**/*Repository.ts',
      'app/core/db/**',
      // Stores that predate the *Repository names: the model registry and its reservations, the case flags.
      'app/core/models/modelRegistry.ts',
      'app/core/models/reservations.ts',
      'app/core/cases/caseFlags.ts',
      // Benchmarks that seed a synthetic data folder in bulk (never a user's folder).
      'app/cli/bench/scaleProject.ts',
      'app/cli/bench/scaleBench.ts',
      'app/engine/**',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `ImportExpression[source.value=/${ML_PACKAGE}/]`,
          message: 'TensorFlow.js and ONNX Runtime are loaded only in the engine process (app/engine): send the engine a request.',
        },
        ...['[object.name=/^db$/]', '[object.property.name=/^db$/]'].map((receiver) => ({
          selector: `CallExpression > MemberExpression.callee[property.name=/^(prepare|exec|pragma|transaction)$/]${receiver}`,
          message: 'SQL lives only in repositories (*Repository.ts, app/core/db): add a repository method and call it.',
        })),
      ],
    },
  },
);
