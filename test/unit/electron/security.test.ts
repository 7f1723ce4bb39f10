import type { HandlerDetails, PermissionRequest, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { hardenApp, isTrustedSender } from '../../../electron/main/security.js';
import { FakeEmitter, FakeSession, FakeWebContents, preventable } from './fakeElectron.js';

/** hardenApp on a stand-in app and session, then a web contents created the way Electron announces it. */
function hardened() {
  const app = new FakeEmitter();
  const session = new FakeSession();
  hardenApp({ app, session: { defaultSession: session } });
  const contents = new FakeWebContents();
  app.emit('web-contents-created', preventable(), contents);
  return { contents, session };
}

const navigate = (contents: FakeWebContents, event: 'will-navigate' | 'will-redirect', url: string) => {
  const e = preventable();
  contents.emit(event, e, url);
  return e.defaultPrevented;
};

const opening = (url: string): HandlerDetails => ({
  url,
  frameName: '',
  features: '',
  disposition: 'new-window',
  referrer: { url: '', policy: 'default' },
});

describe('hardenApp', () => {
  it('prevents navigation to any other origin and allows our own pages', () => {
    const { contents } = hardened();
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:4870/',
      'file:///etc/passwd',
      'app://mammoseg.evil/',
      'app://other/index.html',
      'javascript:alert(1)',
    ]) {
      expect(navigate(contents, 'will-navigate', url), url).toBe(true);
    }
    expect(navigate(contents, 'will-navigate', 'app://mammoseg/index.html')).toBe(false);
  });

  it('prevents every redirect and every webview', () => {
    const { contents } = hardened();
    expect(navigate(contents, 'will-redirect', 'app://mammoseg/index.html')).toBe(true);
    const attach = preventable();
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.defaultPrevented).toBe(true);
  });

  it('denies every new window, whatever its URL', () => {
    const { contents } = hardened();
    expect(contents.windowOpenHandler).toBeDefined();
    for (const url of ['https://evil.example/', 'app://mammoseg/index.html', 'about:blank']) {
      expect(contents.windowOpenHandler?.(opening(url))).toEqual({ action: 'deny' });
    }
  });

  it('denies permission requests, permission checks and device access', () => {
    const { session } = hardened();
    // Arguments the handlers ignore; only the permission name and the answer matter here.
    const contents = new FakeWebContents() as unknown as WebContents;
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'openExternal', 'clipboard-read', 'fullscreen'] as const) {
      session.requestHandler?.(contents, permission, (granted) => answers.push(granted), {} as PermissionRequest);
      expect(session.checkHandler?.(contents, permission, 'app://mammoseg', {} as never)).toBe(false);
    }
    expect(answers).toEqual([false, false, false, false, false, false]);
    expect(session.deviceHandler?.({} as never)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const contents = (url: string) => new FakeWebContents(url);

  it('trusts only the main frame of our own page', () => {
    const ours = contents('app://mammoseg/index.html');
    expect(isTrustedSender(ours.mainFrame, ours)).toBe(true);
  });

  it('refuses a subframe, even one on our origin', () => {
    const ours = contents('app://mammoseg/index.html');
    expect(isTrustedSender({ url: 'app://mammoseg/index.html' }, ours)).toBe(false);
  });

  it('refuses a main frame on another origin, a destroyed frame and an unparsable URL', () => {
    for (const url of ['https://evil.example/', 'file:///index.html', 'app://mammoseg.evil/', 'about:blank', '']) {
      const other = contents(url);
      expect(isTrustedSender(other.mainFrame, other), url).toBe(false);
    }
    const ours = contents('app://mammoseg/index.html');
    expect(isTrustedSender(null, ours)).toBe(false);
  });
});
