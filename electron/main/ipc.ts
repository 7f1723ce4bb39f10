import { BrowserWindow, ipcMain } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, ipcEventChannel, ipcRequestChannel } from '../../shared/contract/names.js';
import { err } from '../../shared/contract/result.js';
import { dispatch } from '../core/api/dispatch.js';
import type { Core } from '../core/core.js';
import { isTrustedSender } from './security.js';

/** One handler per contract channel; the sender is checked before the payload, as VS Code does. */
export function registerIpc(core: Core, log: (line: string) => void): void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcRequestChannel(name), async (event, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame, event.sender)) {
        log(`refused ${name} from an untrusted frame`);
        return err('unauthorized', 'request from an untrusted frame');
      }
      return dispatch(core.handlers, name, payload, log);
    });
  }
  for (const name of EVENT_NAMES) {
    core.events.on(name, (payload) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(ipcEventChannel(name), payload);
    });
  }
}
