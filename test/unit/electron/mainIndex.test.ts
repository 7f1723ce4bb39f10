import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../../app/core/api/eventHub.js';
import type { CoreOptions } from '../../../app/core/core.js';
import { CHANNEL_NAMES, ipcRequestChannel } from '../../../shared/contract/names.js';
import { mainElectron } from './fakeElectron.js';

// index.ts is the one module that imports `electron` itself: give it the stand-in, and a core
// that opens nothing.
let electron = mainElectron();
vi.mock('electron', () => ({
  get app() {
    return electron.app;
  },
  get BrowserWindow() {
    return electron.BrowserWindow;
  },
  get dialog() {
    return electron.dialog;
  },
  get ipcMain() {
    return electron.ipcMain;
  },
  get net() {
    return electron.net;
  },
  get protocol() {
    return electron.protocol;
  },
  get session() {
    return electron.session;
  },
  get utilityProcess() {
    return electron.utilityProcess;
  },
}));

const core = { events: new EventHub(), close: vi.fn() };
const openCore = vi.fn((_options: CoreOptions): typeof core => core);
vi.mock('../../../app/core/core.js', () => ({ openCore: (options: CoreOptions) => openCore(options) }));

/** Loads index.ts afresh (it wires everything at import time) and lets `ready` happen. */
async function start() {
  vi.resetModules();
  await import('../../../electron/main/index.js');
  expect(electron.journal).not.toContain('new BrowserWindow');
  electron.app.becomeReady();
  await new Promise((resolve) => setTimeout(resolve, 0));
}

beforeEach(() => {
  electron = mainElectron();
  openCore.mockClear();
});

describe('electron/main/index.ts', () => {
  it('registers app: as privileged at load time, before the app is ready', async () => {
    vi.resetModules();
    await import('../../../electron/main/index.js');
    expect(electron.protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
  });

  it('hardens every web contents and serves app: before it opens the window', async () => {
    await start();
    const first = (step: string) => electron.journal.indexOf(step);
    expect(first('app.on web-contents-created')).toBeGreaterThanOrEqual(0);
    expect(first('app.on web-contents-created')).toBeLessThan(first('new BrowserWindow'));
    expect(first('protocol.handle app')).toBeLessThan(first('new BrowserWindow'));
    expect(electron.session.defaultSession.requestHandler).not.toBeNull();
    expect(electron.session.defaultSession.checkHandler).not.toBeNull();
    expect(electron.BrowserWindow.getAllWindows().map((w) => w.loadedUrl)).toEqual(['app://mammoseg/index.html']);
  });

  it('answers every contract channel over IPC and runs engines in utility processes', async () => {
    await start();
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcRequestChannel).sort());
    const options = openCore.mock.calls[0]?.[0];
    expect(options).toMatchObject({ clientPaths: 'allowed', dataDir: process.env.MAMMOSEG_DATA ?? '/fake/userData' });
    options?.engineSpawner?.('/engine/entry.js');
    expect(electron.forks).toEqual(['/engine/entry.js']);
  });

  it('says why and exits, opening no window, when the data cannot be opened', async () => {
    openCore.mockImplementationOnce(() => {
      throw new Error('database written by a newer MammoSeg');
    });
    await start();
    expect(electron.errors).toEqual([['MammoSeg cannot open its data', 'database written by a newer MammoSeg']]);
    expect(electron.app.exitCode).toBe(1);
    expect(electron.journal).not.toContain('new BrowserWindow');
    expect(electron.ipcMain.handlers.size).toBe(0);
  });
});
