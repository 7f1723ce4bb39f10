import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../electron/main/appProtocol.js';
import { createMainWindow, preloadPath } from '../../../electron/main/window.js';
import { repoRoot } from '../../support/paths.js';
import { FakeBrowserWindow } from './fakeElectron.js';

describe('main window', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security, no webview', () => {
    const window = createMainWindow(FakeBrowserWindow);
    const prefs = window.options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    // Keys that would loosen any of that must not be set at all.
    for (const key of [
      'nodeIntegrationInSubFrames',
      'experimentalFeatures',
      'enableBlinkFeatures',
      'additionalArguments',
      'enableRemoteModule',
    ]) {
      expect(prefs, key).not.toHaveProperty(key);
    }
    expect(isAbsolute(prefs.preload ?? '')).toBe(true);
    expect(prefs.preload).toMatch(/[\\/]preload[\\/]index\.cjs$/);
  });

  it('loads our page over app:// and shows the window only once it has painted', () => {
    const window = createMainWindow(FakeBrowserWindow);
    expect(window.options.show).toBe(false);
    expect(isAppUrl(window.loadedUrl ?? '')).toBe(true);
    expect(window.loadedUrl).toBe('app://mammoseg/index.html');
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('points at the file the preload build writes, as seen from the compiled main process', async () => {
    const tsconfig = JSON.parse(readFileSync(join(repoRoot, 'electron/tsconfig.json'), 'utf8')) as { compilerOptions: { outDir: string } };
    const compiledWindow = join(repoRoot, 'electron', tsconfig.compilerOptions.outDir, 'main', 'window.js');
    // Loaded by path at run time: the vite config belongs to no TypeScript project.
    const viteConfigPath = pathToFileURL(join(repoRoot, 'electron/preload/vite.config.ts')).href;
    const vite = (await import(/* @vite-ignore */ viteConfigPath)) as {
      default: { build: { outDir: string; lib: { fileName: () => string } } };
    };
    const built = join(repoRoot, vite.default.build.outDir, vite.default.build.lib.fileName());
    expect(preloadPath(pathToFileURL(compiledWindow).href)).toBe(built);
    expect(posix.normalize(built.split('\\').join('/'))).toMatch(/\/dist\/preload\/index\.cjs$/);
  });
});

describe('no remote module', () => {
  it('neither depends on @electron/remote nor imports it', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    for (const field of ['dependencies', 'optionalDependencies', 'devDependencies'])
      expect(Object.keys(pkg[field] ?? {})).not.toContain('@electron/remote');
    for (const dir of ['electron/main', 'electron/preload']) {
      for (const file of readdirSync(join(repoRoot, dir)))
        expect(readFileSync(join(repoRoot, dir, file), 'utf8'), file).not.toContain('@electron/remote');
    }
  });
});
