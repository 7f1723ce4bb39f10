/**
 * A stand-in for the parts of Electron that electron/main and electron/preload use, for tests in
 * plain Node (no Electron binary here). Each fake is typed by Electron's own declarations (Pick
 * of the real interface) or by the slice type the module under test declares, which index.ts
 * in turn must satisfy with the real Electron: a fake cannot drift from the real API unnoticed.
 */
import type {
  App,
  BrowserWindowConstructorOptions,
  ContextBridge,
  CustomScheme,
  Dialog,
  HandlerDetails,
  IpcRenderer,
  IpcRendererEvent,
  Net,
  Protocol,
  Session,
  UtilityProcess,
  WebContents,
  WindowOpenHandlerResponse,
} from 'electron';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { IpcApi } from '../../../electron/main/ipc.js';

type AnyListener = (...args: never[]) => void;

/**
 * Electron's emitters as used here: on() records, emit() calls. on() returns `never` so that one
 * signature fits every overload of Electron's typed on(); nothing under test chains on it.
 */
export class FakeEmitter {
  /** Public only so that test-local subclasses can be exported; read it through listenerCount(). */
  readonly registered = new Map<string, AnyListener[]>();

  on(event: string, listener: AnyListener): never {
    this.registered.set(event, [...(this.registered.get(event) ?? []), listener]);
    return this as never;
  }

  once(event: string, listener: AnyListener): never {
    return this.on(event, listener);
  }

  removeListener(event: string, listener: AnyListener): never {
    this.registered.set(
      event,
      (this.registered.get(event) ?? []).filter((l) => l !== listener),
    );
    return this as never;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.registered.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }

  listenerCount(event: string): number {
    return this.registered.get(event)?.length ?? 0;
  }
}

/** An event whose default can be prevented, like Electron's navigation events. */
export const preventable = () => {
  const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
  return event;
};

export class FakeWebContents extends FakeEmitter implements Pick<WebContents, 'on' | 'setWindowOpenHandler'> {
  readonly mainFrame: { url: string };
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined;

  constructor(url = 'app://mammoseg/index.html') {
    super();
    this.mainFrame = { url };
  }

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
}

/** BrowserWindow: records the options it was built with; getAllWindows() lists them. */
export class FakeBrowserWindow extends FakeEmitter {
  static readonly windows: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.windows];
  }

  readonly webContents: FakeWebContents;
  loadedUrl: string | undefined;
  shown = false;

  constructor(
    readonly options: BrowserWindowConstructorOptions,
    url?: string,
  ) {
    super();
    this.webContents = new FakeWebContents(url);
    FakeBrowserWindow.windows.push(this);
  }

  show(): void {
    this.shown = true;
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
}

type PermissionRequestHandler = Parameters<Session['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];
type DevicePermissionHandler = Parameters<Session['setDevicePermissionHandler']>[0];

export class FakeSession implements Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> {
  requestHandler: PermissionRequestHandler = null;
  checkHandler: PermissionCheckHandler = null;
  deviceHandler: DevicePermissionHandler = null;

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: DevicePermissionHandler): void {
    this.deviceHandler = handler;
  }
}

type ProtocolHandler = Parameters<Protocol['handle']>[1];

export class FakeProtocol implements Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'> {
  readonly privileged: CustomScheme[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();

  registerSchemesAsPrivileged(schemes: CustomScheme[]): void {
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    this.handlers.set(scheme, handler);
  }
}

/**
 * net.fetch over file:// as Chromium does it, except that it answers with a deliberately wrong
 * content type (as Windows' registry can), so a test sees whether the handler sets its own.
 */
export class FakeNet implements Pick<Net, 'fetch'> {
  readonly fetched: string[] = [];

  async fetch(input: string | Request): Promise<Response> {
    const url = typeof input === 'string' ? input : input.url;
    this.fetched.push(url);
    return new Response(await readFile(fileURLToPath(url)), { headers: { 'content-type': 'text/plain' } });
  }
}

type InvokeListener = Parameters<IpcApi['ipcMain']['handle']>[1];
type InvokeEvent = Parameters<InvokeListener>[0];

export class FakeIpcMain implements Pick<IpcApi['ipcMain'], 'handle'> {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  /** What ipcRenderer.invoke would get back, sent from `event`'s frame. */
  invoke(channel: string, event: InvokeEvent, payload: unknown): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener(event, payload);
  }
}

export class FakeUtilityChild extends FakeEmitter implements Pick<UtilityProcess, 'on' | 'postMessage' | 'kill'> {
  readonly posted: unknown[] = [];
  killed = false;

  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

export class FakeIpcRenderer extends FakeEmitter implements Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'> {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return { ok: true, value: channel };
  }

  /** A message from main on `channel`, as Electron delivers it: (event, ...args). */
  deliver(channel: string, ...args: unknown[]): void {
    const event = { sender: this } as unknown as IpcRendererEvent;
    this.emit(channel, event, ...args);
  }
}

export class FakeContextBridge implements Pick<ContextBridge, 'exposeInMainWorld'> {
  readonly exposed: Array<{ key: string; api: unknown }> = [];

  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.push({ key, api });
  }
}

/** The preload's view of `electron` (a sandboxed preload gets nothing else). */
export const preloadElectron = { contextBridge: new FakeContextBridge(), ipcRenderer: new FakeIpcRenderer() };

type AppSlice = Pick<App, 'setName' | 'setPath' | 'getPath' | 'whenReady' | 'exit' | 'quit' | 'on'>;

/** `app` for index.ts: ready when the test says so; records what was asked of it. */
export class FakeApp extends FakeEmitter implements AppSlice {
  readonly isPackaged = true;
  readonly paths = new Map<string, string>();
  exitCode: number | undefined;
  name = '';
  private ready!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.ready = resolve));

  setName(name: string): void {
    this.name = name;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? `/fake/${name}`;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** Electron's 'ready'. */
  becomeReady(): void {
    this.ready();
  }
  exit(code?: number): void {
    this.exitCode = code;
  }
  quit(): void {}
}

/**
 * Everything index.ts imports from `electron`, fresh per test. `journal` lists, in order, the
 * steps whose order matters for security: hardening before any window, the app: handler before
 * the page loads.
 */
export function mainElectron() {
  const journal: string[] = [];
  const app = new FakeApp();
  const on = app.on.bind(app);
  app.on = (event, listener) => (journal.push(`app.on ${event}`), on(event, listener));
  const protocol = new FakeProtocol();
  const handle = protocol.handle.bind(protocol);
  protocol.handle = (scheme, handler) => (journal.push(`protocol.handle ${scheme}`), handle(scheme, handler));
  FakeBrowserWindow.windows.length = 0;
  class BrowserWindow extends FakeBrowserWindow {
    constructor(options: BrowserWindowConstructorOptions) {
      super(options);
      journal.push('new BrowserWindow');
    }
  }
  const errors: Array<[string, string]> = [];
  const forks: string[] = [];
  return {
    journal,
    errors,
    forks,
    app,
    BrowserWindow,
    dialog: { showErrorBox: (title: string, content: string) => void errors.push([title, content]) } satisfies Pick<Dialog, 'showErrorBox'>,
    ipcMain: new FakeIpcMain(),
    net: new FakeNet(),
    protocol,
    session: { defaultSession: new FakeSession() },
    utilityProcess: { fork: (entry: string) => (forks.push(entry), new FakeUtilityChild()) },
  };
}
