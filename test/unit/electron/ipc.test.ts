import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ipcEventChannel, ipcRequestChannel } from '../../../shared/contract/names.js';
import type { Result } from '../../../shared/contract/result.js';
import type { Handlers } from '../../../app/core/api/handlers.js';
import { EventHub } from '../../../app/core/api/eventHub.js';
import { ipcRegistrar } from '../../../electron/main/ipc.js';
import { FakeBrowserWindow, FakeIpcMain, FakeWebContents } from './fakeElectron.js';

/** A payload that fails the test if anything so much as looks at it. */
const untouchable = (): unknown =>
  new Proxy(
    {},
    Object.fromEntries(
      (['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf'] as const).map((trap) => [
        trap,
        () => {
          throw new Error(`the payload was read (${trap}) before the sender was checked`);
        },
      ]),
    ),
  );

function setup() {
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((name) => [name, () => (calls.push(name), { answered: name })]),
  ) as unknown as Handlers;
  const core = { handlers, events: new EventHub() };
  const ipcMain = new FakeIpcMain();
  const log: string[] = [];
  FakeBrowserWindow.windows.length = 0;
  ipcRegistrar({ ipcMain, BrowserWindow: FakeBrowserWindow })(core, (line) => log.push(line));
  return { calls, core, ipcMain, log };
}

/** An invoke event from `frame` of `sender`, the two things Electron tells the handler about its origin. */
const from = (sender: FakeWebContents, frame: { url: string } | null = sender.mainFrame) => ({ sender, senderFrame: frame });

describe('IPC', () => {
  it('registers exactly one handler per contract channel, under its rpc prefix', () => {
    const { ipcMain } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcRequestChannel).sort());
  });

  it('dispatches a request from the main frame of app://mammoseg/ to its handler', async () => {
    const { ipcMain, calls } = setup();
    const result = (await ipcMain.invoke(ipcRequestChannel('getAppInfo'), from(new FakeWebContents()), {})) as Result<unknown>;
    expect(result).toEqual({ ok: true, value: { answered: 'getAppInfo' } });
    expect(calls).toEqual(['getAppInfo']);
  });

  it('still validates the payload of a trusted request against the contract', async () => {
    const { ipcMain, calls } = setup();
    const result = (await ipcMain.invoke(ipcRequestChannel('getAppInfo'), from(new FakeWebContents()), { extra: 1 })) as Result<unknown>;
    expect(result.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it.each([
    ['a main frame on another origin', () => from(new FakeWebContents('https://evil.example/'))],
    ['a look-alike app: host', () => from(new FakeWebContents('app://mammoseg.evil/index.html'))],
    ['a subframe of our own page', () => from(new FakeWebContents(), { url: 'app://mammoseg/index.html' })],
    ['a frame that is gone', () => from(new FakeWebContents(), null)],
  ])('refuses %s before looking at the payload', async (_what, event) => {
    const { ipcMain, calls, log } = setup();
    const result = (await ipcMain.invoke(ipcRequestChannel('listProjects'), event(), untouchable())) as Result<unknown>;
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toEqual([]);
    expect(log).toEqual(['refused listProjects from an untrusted frame']);
  });

  it('pushes core events to windows showing our page, and to no other', () => {
    const { core } = setup();
    const ours = new FakeBrowserWindow({});
    const foreign = new FakeBrowserWindow({}, 'https://evil.example/');
    const payload = { runId: 'r1', done: 1, total: 2, current: 'mdb001.pgm', failed: 0 };
    core.events.emit('importProgress', payload);
    expect(ours.webContents.sent).toEqual([{ channel: ipcEventChannel('importProgress'), args: [payload] }]);
    expect(foreign.webContents.sent).toEqual([]);
  });
});
