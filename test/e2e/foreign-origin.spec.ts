/**
 * A page on another port of 127.0.0.1 is "same site" as the host, so a browser would attach any
 * cookie of the host to whatever it sends there (the host sets none any more: access-token.spec.ts).
 * In the same browser context as the real app page, such a page tries every way in (fetch, a
 * form POST, the events WebSocket) and must get nothing back and change nothing.
 */
import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Result } from '../../shared/contract/result.js';
import { decodeWire, encodeWire } from '../../shared/contract/wire.js';
import { encodeMaskRle } from '../../shared/mask/rle.js';
import { makePgm } from '../support/images.js';
import { tempDir } from '../support/paths.js';
import { startServe, type ServeProcess } from './support/serveProcess.js';

/** The attacker: a plain page on its own loopback port. */
async function startAttackerSite(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title><iframe name="sink"></iframe>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** The host as its owner's scripts reach it (bearer token), to set up and to check the outcome. */
async function ownerCall<T>(serve: ServeProcess, channel: string, payload: unknown): Promise<T> {
  const token = new URL(serve.url).searchParams.get('token')!;
  const response = await fetch(`${serve.origin}/api/rpc/${channel}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      origin: serve.origin,
      'content-type': 'application/x-mammoseg-wire',
      'x-mammoseg-csrf': '1',
    },
    body: encodeWire(payload),
  });
  const result = decodeWire(new Uint8Array(await response.arrayBuffer())) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

test('a page on another loopback port can neither read nor change anything through the host', async ({ page, context }) => {
  const serve = await startServe(tempDir('mammoseg-foreign-'));
  const attacker = await startAttackerSite();
  const exportDir = join(tempDir('mammoseg-foreign-out-'), 'stolen');
  try {
    // The real app page: its token now lives in this browser context's sessionStorage, and its transport works.
    await page.goto(serve.url);
    await page
      .getByLabel('Choose image files')
      .setInputFiles({ name: 'victim.pgm', mimeType: 'image/x-portable-graymap', buffer: Buffer.from(makePgm(40, 30)) });
    const row = page.getByRole('button', { name: /victim\.pgm/ });
    await expect(row).toContainText('40×30');
    const caseId = Number(await row.getAttribute('data-case-id'));
    await ownerCall(serve, 'saveMask', { caseId, parentId: null, rle: encodeMaskRle(new Uint8Array(40 * 30).fill(1, 0, 200)) });
    await ownerCall(serve, 'setReview', { caseId, state: 'accepted' });
    const casesBefore = await ownerCall<unknown[]>(serve, 'listCases', { projectId: 1 });
    expect(casesBefore).toHaveLength(1);

    const evil = await context.newPage();
    await evil.goto(attacker.origin);
    const host = serve.origin;
    const listBody = Array.from(encodeWire({ projectId: 1 }));
    const exportBody = Array.from(encodeWire({ projectId: 1, format: 'png', outDir: exportDir }));
    const importBody = Array.from(encodeWire({ projectId: 1, runId: 'evil', files: [{ name: 'planted.pgm', data: makePgm(8, 8) }] }));

    const loot = await evil.evaluate(
      async ({ host, listBody, exportBody, importBody }) => {
        const out: Record<string, unknown> = {};
        // 1. A "simple" request: no preflight, the cookie goes along, the answer is opaque.
        const simple = await fetch(`${host}/api/rpc/listCases`, {
          method: 'POST',
          mode: 'no-cors',
          credentials: 'include',
          body: new Uint8Array(listBody),
        });
        out.simpleType = simple.type;
        out.simpleBody = (await simple.arrayBuffer()).byteLength;
        await fetch(`${host}/api/rpc/exportLabels`, {
          method: 'POST',
          mode: 'no-cors',
          credentials: 'include',
          body: new Uint8Array(exportBody),
        });
        await fetch(`${host}/api/rpc/importFiles`, {
          method: 'POST',
          mode: 'no-cors',
          credentials: 'include',
          body: new Uint8Array(importBody),
        });
        // 2. Imitating the app's headers: needs a preflight, which the host never grants.
        try {
          const cors = await fetch(`${host}/api/rpc/listCases`, {
            method: 'POST',
            credentials: 'include',
            headers: { 'content-type': 'application/x-mammoseg-wire', 'X-MammoSeg-CSRF': '1' },
            body: new Uint8Array(listBody),
          });
          out.corsStatus = cors.status;
        } catch (error) {
          out.corsError = String(error);
        }
        // 3. A form POST into a hidden frame (navigations carry the cookie too).
        await new Promise<void>((resolve) => {
          const frame = document.querySelector('iframe')!;
          frame.onload = () => resolve();
          const form = Object.assign(document.createElement('form'), {
            method: 'POST',
            action: `${host}/api/rpc/exportLabels`,
            target: 'sink',
            enctype: 'text/plain',
          });
          const field = Object.assign(document.createElement('input'), {
            type: 'hidden',
            name: '{"projectId":1,"format":"png","outDir":"x"}',
            value: '',
          });
          form.append(field);
          document.body.append(form);
          form.submit();
        });
        // 4. The events socket, held open while the host is busy importing.
        const messages: string[] = [];
        out.wsOpened = await new Promise<boolean>((resolve) => {
          const ws = new WebSocket(`${host.replace('http', 'ws')}/api/events`);
          ws.onmessage = (m) => messages.push(String(m.data));
          ws.onopen = () => resolve(true);
          ws.onerror = () => resolve(false);
        });
        (window as unknown as { __messages: string[] }).__messages = messages;
        return out;
      },
      { host, listBody, exportBody, importBody },
    );

    // Events happen while the attacker listens: the real page imports another file.
    await page
      .getByLabel('Choose image files')
      .setInputFiles({ name: 'second.pgm', mimeType: 'image/x-portable-graymap', buffer: Buffer.from(makePgm(20, 10, 255, 4)) });
    await expect(page.getByRole('button', { name: /second\.pgm/ })).toBeVisible();
    const overheard = await evil.evaluate(() => (window as unknown as { __messages: string[] }).__messages);

    // Nothing readable, no socket, no messages.
    expect(loot).toMatchObject({ simpleType: 'opaque', simpleBody: 0, wsOpened: false });
    expect(loot.corsError).toMatch(/Failed to fetch/);
    expect(overheard).toEqual([]);
    // Nothing changed: no export written, no planted case (only the real page's second file).
    expect(existsSync(exportDir)).toBe(false);
    const names = (await ownerCall<{ name: string }[]>(serve, 'listCases', { projectId: 1 })).map((c) => c.name).sort();
    expect(names).toEqual(['second.pgm', 'victim.pgm']);
    // The attempts did reach the host and were refused for their origin (checked before the
    // token, so this defence is shown to hold on its own).
    expect(serve.output()).toMatch(/refused exportLabels: 403 foreign Origin/);
    expect(serve.output()).toMatch(/refused importFiles: 403 foreign Origin/);
    expect(serve.output()).toMatch(/refused events upgrade: 403 foreign Origin/);
  } finally {
    attacker.server.close();
    expect(await serve.stop()).toBe(0);
  }
});
