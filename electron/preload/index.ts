/**
 * Sandboxed preload: exposes exactly one function per contract channel and one subscription
 * per event through contextBridge. `ipcRenderer` itself never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES, ipcEventChannel, ipcRequestChannel } from '../../shared/contract/names.js';

const calls = Object.fromEntries(
  CHANNEL_NAMES.map((name) => [name, (request: unknown) => ipcRenderer.invoke(ipcRequestChannel(name), request)]),
);

const on = Object.fromEntries(
  EVENT_NAMES.map((name) => [
    name,
    (listener: (payload: unknown) => void) => {
      const channel = ipcEventChannel(name);
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  ]),
);

contextBridge.exposeInMainWorld('mammoseg', { ...calls, on });
