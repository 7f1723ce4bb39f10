/**
 * Electron main: opens the core over `userData`, serves the renderer from app://, answers IPC.
 * The core itself has no `electron` import; this folder only adapts it to Electron.
 */
import { app, BrowserWindow, dialog } from 'electron';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openCore, type Core } from '../core/core.js';
import { handleAppProtocol, registerAppScheme } from './appProtocol.js';
import { registerIpc } from './ipc.js';
import { hardenApp } from './security.js';
import { utilityProcessSpawner } from './utilityEngine.js';
import { createMainWindow } from './window.js';

const RENDERER_DIR = fileURLToPath(new URL('../../renderer', import.meta.url));

app.setName('MammoSeg');
// In development the better-sqlite3 addon under node_modules is built for the system Node;
// scripts/electron-native.mjs builds one for Electron beside it (packaged apps are rebuilt by
// electron-builder and need nothing).
const electronSqlite = fileURLToPath(new URL('../../../build/electron-native/better_sqlite3.node', import.meta.url));
if (!app.isPackaged && !process.env.MAMMOSEG_SQLITE_BINDING && existsSync(electronSqlite)) process.env.MAMMOSEG_SQLITE_BINDING = electronSqlite;
if (process.env.MAMMOSEG_DATA) app.setPath('userData', process.env.MAMMOSEG_DATA);
registerAppScheme();

let core: Core | undefined;

app.whenReady().then(
  () => {
    hardenApp();
    try {
      core = openCore({ dataDir: app.getPath('userData'), host: 'electron', engineSpawner: utilityProcessSpawner });
    } catch (error) {
      dialog.showErrorBox('MammoSeg cannot open its data', (error as Error).message);
      app.exit(1);
      return;
    }
    handleAppProtocol(RENDERER_DIR);
    registerIpc(core, (line) => console.error(line));
    createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    });
  },
  (error: unknown) => {
    console.error(error);
    app.exit(1);
  },
);

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => core?.close());
