import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { fileURLToPath } from 'node:url';
import { APP_ORIGIN } from './appProtocol.js';

/**
 * The preload bundle for a main process compiled to `mainModuleUrl`: main is built to
 * dist/electron/main/, vite writes the preload to dist/preload/index.cjs.
 */
export const preloadPath = (mainModuleUrl: string): string => fileURLToPath(new URL('../../preload/index.cjs', mainModuleUrl));

type AppWindow = Pick<BrowserWindow, 'once' | 'show' | 'loadURL'>;

export function createMainWindow<W extends AppWindow>(BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => W): W {
  const window = new BrowserWindowClass({
    width: 1440,
    height: 900,
    title: 'MammoSeg',
    backgroundColor: '#111316',
    show: false,
    webPreferences: {
      preload: preloadPath(import.meta.url),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
