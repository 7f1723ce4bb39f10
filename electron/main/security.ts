import { app, session, type WebContents } from 'electron';
import { APP_ORIGIN } from './appProtocol.js';

/**
 * Electron security checklist: no navigation away from the app, no new windows, no webviews,
 * every permission request (camera, notifications, ...) denied.
 */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** IPC is answered only for our own page's main frame, never for another origin or a subframe. */
export function isTrustedSender(frame: Electron.WebFrameMain | null, sender: WebContents): boolean {
  if (!frame || frame !== sender.mainFrame) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}
