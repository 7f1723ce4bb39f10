#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into build/electron-native/ (used by `npm start`),
// leaving node_modules built for the system Node so the CLI and `mammoseg serve` keep working.
// Needs Electron's headers (downloaded by node-gyp the first time); skips when already built
// for this Electron version.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const out = 'build/electron-native';
const stamp = join(out, 'electron-version');
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === electronVersion && existsSync(join(out, 'better_sqlite3.node'))) process.exit(0);

const source = dirname(require.resolve('better-sqlite3/package.json'));
const work = join(out, 'better-sqlite3');
rmSync(work, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${join('build', 'Release', 'obj')}`) });
console.log(`Building better-sqlite3 for Electron ${electronVersion}…`);
execFileSync(
  'npx',
  ['node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'],
  { cwd: work, stdio: 'inherit' },
);
copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), join(out, 'better_sqlite3.node'));
writeFileSync(stamp, electronVersion);
