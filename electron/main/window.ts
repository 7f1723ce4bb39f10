import { BrowserWindow } from 'electron';
import { fileURLToPath } from 'node:url';
import { APP_ORIGIN } from './appProtocol.js';

const PRELOAD = fileURLToPath(new URL('../../preload/index.cjs', import.meta.url));

export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'MammoSeg',
    backgroundColor: '#111316',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
