import type { WebContents, WebFrameMain } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, ipcEventChannel, ipcRequestChannel } from '../../shared/contract/names.js';
import { err } from '../../shared/contract/result.js';
import { dispatch } from '../../app/core/api/dispatch.js';
import type { EventHub } from '../../app/core/api/eventHub.js';
import type { Handlers } from '../../app/core/api/handlerTypes.js';
import { isTrustedSender } from './security.js';

type Frame = Pick<WebFrameMain, 'url'>;

/** The slice of ipcMain and BrowserWindow used here; index.ts proves the real ones provide it. */
export interface IpcApi {
  ipcMain: {
    handle(
      channel: string,
      listener: (event: { senderFrame: Frame | null; sender: { mainFrame: Frame } }, payload: unknown) => Promise<unknown>,
    ): void;
  };
  BrowserWindow: { getAllWindows(): Array<{ webContents: { mainFrame: Frame; send: WebContents['send'] } }> };
}

/**
 * Binds IPC registration to an Electron API (the real one in index.ts, a stand-in in tests).
 * One handler per contract channel; the sender is checked before the payload, as VS Code does.
 */
export const ipcRegistrar =
  ({ ipcMain, BrowserWindow }: IpcApi) =>
  (host: { handlers: Handlers; events: EventHub }, log: (line: string) => void): void => {
    for (const name of CHANNEL_NAMES) {
      ipcMain.handle(ipcRequestChannel(name), async (event, payload: unknown) => {
        if (!isTrustedSender(event.senderFrame, event.sender)) {
          log(`refused ${name} from an untrusted frame`);
          return err('unauthorized', 'request from an untrusted frame');
        }
        return dispatch(host.handlers, name, payload, log);
      });
    }
    for (const name of EVENT_NAMES) {
      host.events.on(name, (payload) => {
        // Progress events name files (possibly patients): only our own page gets them.
        for (const { webContents } of BrowserWindow.getAllWindows()) {
          if (isTrustedSender(webContents.mainFrame, webContents)) webContents.send(ipcEventChannel(name), payload);
        }
      });
    }
  };
