/**
 * Electron main: opens the core over `userData`, serves the renderer from app://, answers IPC.
 * The core itself has no `electron` import; this folder only adapts it to Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHandlers } from '../../app/core/api/handlers.js';
import { describeError } from '../../app/core/api/hostLog.js';
import { openCore, type Core } from '../../app/core/core.js';
import { handleAppProtocol, registerAppScheme } from './appProtocol.js';
import { ipcRegistrar } from './ipc.js';
import { hardenApp } from './security.js';
import { utilityProcessSpawner } from './utilityEngine.js';
import { createMainWindow } from './window.js';

const RENDERER_DIR = fileURLToPath(new URL('../../renderer', import.meta.url));
// The only place the real Electron API is handed to the modules beside this one (tests hand them a stand-in).
const registerIpc = ipcRegistrar({ ipcMain, BrowserWindow });

app.setName('MammoSeg');
// In development the better-sqlite3 addon under node_modules is built for the system Node;
// scripts/electron-native.mjs builds one for Electron beside it (packaged apps are rebuilt by
// electron-builder and need nothing).
const electronSqlite = fileURLToPath(new URL('../../../build/electron-native/better_sqlite3.node', import.meta.url));
if (!app.isPackaged && !process.env.MAMMOSEG_SQLITE_BINDING && existsSync(electronSqlite))
  process.env.MAMMOSEG_SQLITE_BINDING = electronSqlite;
if (process.env.MAMMOSEG_DATA) app.setPath('userData', process.env.MAMMOSEG_DATA);
registerAppScheme(protocol);

let core: Core | undefined;

app.whenReady().then(
  () => {
    hardenApp({ app, session });
    try {
      core = openCore({ dataDir: app.getPath('userData'), clientPaths: 'allowed', engineSpawner: utilityProcessSpawner(utilityProcess) });
    } catch (error) {
      dialog.showErrorBox('MammoSeg cannot open its data', (error as Error).message);
      app.exit(1);
      return;
    }
    handleAppProtocol(RENDERER_DIR, { protocol, net });
    registerIpc({ handlers: createHandlers(core), events: core.events }, (line) => console.error(line));
    createMainWindow(BrowserWindow);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(BrowserWindow);
    });
  },
  (error: unknown) => {
    // Start-up errors can quote paths and headers; the log gets the code location only.
    console.error(`MammoSeg could not start: ${describeError(error)}`);
    app.exit(1);
  },
);

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => core?.close());
