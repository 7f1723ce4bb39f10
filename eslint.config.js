// Lint enforces where code runs (CONTRIBUTING.md, "Where code runs"): each layer names what it MAY
// import (as VS Code's layer rules do); anything not listed is refused. A violation is an error,
// so `npm test` fails on it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// Every folder a layer could reach by a relative import. A layer may import its own folder,
// the folders (or files) it lists in `folders`, and nothing else of these.
const ROOTS = [
  'shared',
  'renderer',
  'app/core',
  'app/server',
  'app/cli',
  'app/engine',
  'electron/main',
  'electron/preload',
  'test',
  'scripts',
  'bin',
];
// The renderer sees every shared folder but the engine protocol (core <-> engine only).
const SHARED_FOR_UI = ['contract', 'domain', 'imaging', 'mask', 'measure', 'preprocess', 'random', 'readers', 'review', 'types'].map(
  (f) => `shared/${f}`,
);
const TENSORFLOW = '@tensorflow/*';
const ONNX = ['onnxruntime-node', 'onnx-proto'];
const IMAGE_CODECS = ['sharp', 'fast-png', 'jpeg-js', 'jpeg-lossless-decoder-js', '@cornerstonejs/codec-*', 'dicom-parser', 'dcmjs'];

/**
 * The layers, most specific first where one sits inside another (the editor inside the
 * renderer also obeys the renderer's folders). `packages`: bare specifiers it may import;
 * `name/*` allows a scope or a name prefix, `node:*` the Node built-ins.
 */
const LAYERS = [
  {
    name: 'shared/',
    folder: 'shared',
    folders: [],
    packages: ['zod'],
    why: 'shared/ is the contract and pure helpers every layer imports: itself and zod only, no Node, no native package.',
  },
  {
    name: 'the editor core',
    folder: 'renderer/src/editor',
    folders: ['shared'],
    packages: [],
    why: 'The editor core is plain TypeScript over shared/: React renders it, never the other way round.',
  },
  {
    name: 'the renderer',
    folder: 'renderer',
    folders: SHARED_FOR_UI,
    packages: ['react', 'react-dom/client', '@tanstack/react-virtual', 'uplot'],
    why: 'The renderer reaches the core only through the contract in shared/; it has no Node.',
  },
  {
    name: 'app/core',
    folder: 'app/core',
    folders: ['shared'],
    packages: ['node:*', 'better-sqlite3', 'zod', ...IMAGE_CODECS],
    why: 'The core depends on no host (CLI, server, Electron) and talks to the engine only through shared/engine/protocol.ts.',
  },
  {
    name: 'app/server',
    folder: 'app/server',
    folders: ['app/core/api', 'app/core/core.ts', 'app/core/workers/memoryBudget.ts', 'shared/contract'],
    packages: ['node:*', 'ws'],
    why: 'The HTTP host translates requests into dispatch (app/core/api): no database, no repository.',
  },
  {
    name: 'app/cli',
    folder: 'app/cli',
    // peak-rss.ts is tfjs-free process bookkeeping the CLI's batch benchmark reads too.
    folders: ['app/core', 'app/server', 'shared', 'app/engine/peak-rss.ts'],
    packages: ['node:*', 'commander', 'zod', 'sharp', 'fast-png', 'playwright-core'],
    why: 'The CLI drives the core and the server; TensorFlow.js and ONNX Runtime run in the engine.',
  },
  {
    name: 'app/engine',
    folder: 'app/engine',
    // durable.ts: the one crash-safe write (temp + fsync + rename + folder fsync), plain Node.
    folders: ['shared', 'app/core/storage/durable.ts'],
    packages: ['node:*', TENSORFLOW, ...ONNX, 'fast-png'],
    why: 'The engine owns TensorFlow.js and ONNX Runtime, not the database or a host.',
  },
  {
    name: 'electron/main',
    folder: 'electron/main',
    folders: ['app/core', 'app/server/staticFiles.ts', 'shared'],
    packages: ['node:*', 'electron'],
    why: 'The desktop host opens the core and starts engines as utility processes; it loads no ML package itself.',
  },
  {
    name: 'electron/preload',
    folder: 'electron/preload',
    folders: ['shared/contract'],
    packages: ['electron'],
    why: 'The preload sees only electron and shared/contract.',
  },
];

// Why a folder is out of reach, where one reason fits every layer that may not import it.
const ROOT_REASON = {
  'app/engine': 'Only the engine imports app/engine; talk to it through core/engine/engineClient.ts and shared/engine/protocol.ts.',
};

const inside = (path, folder) => path === folder || path.startsWith(`${folder}/`);

/** import-x/no-restricted-paths zones: every root a layer does not list, less the files it does. */
function layerZones(layer) {
  const allowed = [layer.folder, ...layer.folders];
  return ROOTS.filter((root) => root !== layer.folder && !allowed.some((a) => inside(root, a))).map((root) => ({
    target: `./${layer.folder}`,
    from: `./${root}`,
    except: allowed.filter((a) => inside(a, root)).map((a) => `./${a.slice(root.length + 1)}`),
    message: `${ROOT_REASON[root] ?? layer.why} (${layer.name} may import: ${allowed.join(', ')}.)`,
  }));
}

/** A regex matching every bare specifier that is not one of `packages`. */
function otherPackages(packages) {
  const escape = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const allowed = packages.map((p) => (p.endsWith('*') ? escape(p.slice(0, -1)) : `${escape(p)}(/|$)`));
  return allowed.length ? `^(?!(${allowed.join('|')}))[^./]` : '^[^./]';
}

/** The package half of a layer's allow-list, as a no-restricted-imports rule. */
const packageRule = (layer) => [
  'error',
  {
    patterns: [
      {
        regex: otherPackages(layer.packages),
        message: `${layer.why} (${layer.name} may import the packages: ${layer.packages.join(', ') || 'none'}.)`,
      },
    ],
  },
];

const LAYER_FILES = (layer) => [`${layer.folder}/**/*.ts`, ...(layer.folder.startsWith('renderer') ? [`${layer.folder}/**/*.tsx`] : [])];
// The bundlers' configs are build scripts, not layer code.
const BUILD_SCRIPTS = ['**/vite.config.ts'];
// Globals a feature may not use: only the api/ module talks to a transport.
const TRANSPORT_GLOBALS = [
  { name: 'fetch', message: 'Use reviewApi from renderer/src/api.' },
  { name: 'WebSocket', message: 'Use reviewApi.on from renderer/src/api.' },
];
// esquery regexes end at a slash, so the scope is matched without one.
const ML_PACKAGE = '^(@tensorflow|onnxruntime-|onnx-proto$)';

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
      'import-x/no-restricted-paths': ['error', { zones: LAYERS.flatMap(layerZones) }],
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
    ignores: BUILD_SCRIPTS,
    languageOptions: { globals: globals.browser },
  },
  // One block per layer: the packages it may import. Later blocks win, so the editor's block
  // (more specific) comes after the renderer's.
  ...[...LAYERS].reverse().map((layer) => ({
    files: LAYER_FILES(layer),
    ignores: BUILD_SCRIPTS,
    rules: { 'no-restricted-imports': packageRule(layer) },
  })),
  {
    // Only the api/ module talks to a transport; features code against ReviewApi.
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/api/**'],
    rules: {
      'no-restricted-globals': ['error', ...TRANSPORT_GLOBALS],
      'no-restricted-properties': ['error', { object: 'window', property: 'mammoseg', message: 'Use reviewApi from renderer/src/api.' }],
    },
  },
  {
    // The editor core draws through its host, never the page: the DOM is React's.
    files: ['renderer/src/editor/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...TRANSPORT_GLOBALS,
        { name: 'document', message: 'The editor core does not touch the DOM: it edits through MaskToolHost and React draws.' },
      ],
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
