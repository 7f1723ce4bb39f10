import type { App, Session, WebContents, WebFrameMain } from 'electron';
import { isAppUrl } from './appProtocol.js';

type HardenedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export interface HardeningApi {
  app: Pick<App, 'on'>;
  session: { defaultSession: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> };
}

/**
 * Electron security checklist: no navigation away from the app, no new windows, no webviews,
 * every permission request (camera, notifications, USB/HID/serial devices, ...) denied.
 */
export function hardenApp({ app, session }: HardeningApi): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
}

/** Applied to every web contents as it is created, before it loads anything. */
export function hardenContents(contents: HardenedContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type Frame = Pick<WebFrameMain, 'url'>;

/** IPC is answered only for our own page's main frame, never for another origin or a subframe. */
export function isTrustedSender(frame: Frame | null, sender: { readonly mainFrame: Frame }): boolean {
  return frame !== null && frame === sender.mainFrame && isAppUrl(frame.url);
}
