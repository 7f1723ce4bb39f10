import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES, ipcEventChannel, ipcRequestChannel } from '../../../shared/contract/names.js';
import { repoRoot } from '../../support/paths.js';
import { preloadElectron } from './fakeElectron.js';

// The preload runs sandboxed, where `electron` gives it contextBridge and ipcRenderer only.
vi.mock('electron', async () => (await import('./fakeElectron.js')).preloadElectron);

const { contextBridge, ipcRenderer } = preloadElectron;
type Api = Record<string, unknown> & { on: Record<string, unknown> };
let api: Api;

beforeAll(async () => {
  // Imported by path: the preload is its own TypeScript project, which test/ does not reference.
  await import(/* @vite-ignore */ pathToFileURL(join(repoRoot, 'electron/preload/index.ts')).href);
  api = contextBridge.exposed[0]?.api as Api;
});

/** Every value reachable from the exposed object, with its path. */
function walk(value: unknown, path = 'mammoseg', seen = new Set<unknown>()): Array<[string, unknown]> {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return [[path, value]];
  seen.add(value);
  const own = Object.getOwnPropertyNames(value).filter(
    (key) => typeof value !== 'function' || !['length', 'name', 'prototype'].includes(key),
  );
  return [[path, value], ...own.flatMap((key) => walk((value as Record<string, unknown>)[key], `${path}.${key}`, seen))];
}

describe('preload', () => {
  it('exposes one object, window.mammoseg, and nothing else', () => {
    expect(contextBridge.exposed.map((e) => e.key)).toEqual(['mammoseg']);
  });

  it('exposes exactly one function per contract channel plus the event subscriptions', () => {
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort());
    for (const name of CHANNEL_NAMES) expect(typeof api[name], name).toBe('function');
    expect(Object.keys(api.on).sort()).toEqual([...EVENT_NAMES].sort());
    for (const name of EVENT_NAMES) expect(typeof api.on[name], name).toBe('function');
  });

  it('hands the page no ipcRenderer, no generic send/invoke/on and nothing of Electron', () => {
    for (const [path, value] of walk(api)) {
      expect(value, path).not.toBe(ipcRenderer);
      expect(value, path).not.toBe(contextBridge);
      expect(path, path).not.toMatch(/\.(send|sendSync|invoke|postMessage|ipcRenderer|removeListener|emit)$/);
      expect(['object', 'function'].includes(typeof value), path).toBe(true);
    }
  });

  it('maps each channel function to an invoke of its own rpc channel with the request only', async () => {
    for (const name of CHANNEL_NAMES) {
      ipcRenderer.invoked.length = 0;
      const call = api[name] as (...args: unknown[]) => Promise<unknown>;
      await call({ n: name }, 'smuggled', 'mammoseg:rpc:getAppInfo');
      expect(ipcRenderer.invoked, name).toEqual([{ channel: ipcRequestChannel(name), args: [{ n: name }] }]);
    }
  });

  it('passes an event listener the payload only, never the IPC event (whose sender is ipcRenderer)', () => {
    const received: unknown[][] = [];
    const subscribe = api.on.trainingProgress as (listener: (...args: unknown[]) => void) => () => void;
    const unsubscribe = subscribe((...args) => received.push(args));
    ipcRenderer.deliver(ipcEventChannel('trainingProgress'), { epoch: 1 });
    expect(received).toEqual([[{ epoch: 1 }]]);
    unsubscribe();
    ipcRenderer.deliver(ipcEventChannel('trainingProgress'), { epoch: 2 });
    expect(received).toHaveLength(1);
    expect(ipcRenderer.listenerCount(ipcEventChannel('trainingProgress'))).toBe(0);
  });

  it('subscribes each event function to its own event channel', () => {
    for (const name of EVENT_NAMES) {
      const before = ipcRenderer.listenerCount(ipcEventChannel(name));
      (api.on[name] as (listener: () => void) => () => void)(() => {});
      expect(ipcRenderer.listenerCount(ipcEventChannel(name)), name).toBe(before + 1);
    }
  });
});
