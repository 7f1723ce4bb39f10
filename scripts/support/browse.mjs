// What the screenshot scripts share: `mammoseg serve` on a data folder, Debian's Chromium on its
// URL, and the host's API as the page calls it. Run after `npm run build`.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { decodeWire, encodeWire } from '../../dist/shared/contract/wire.js';

/**
 * Serves `data`, opens a 1280 x 800 page on it and returns the page, the host's origin, an `api`
 * caller and `close` (browser and server).
 */
export async function browse(data) {
  const server = spawn('node', ['bin/mammoseg.js', 'serve', '--data', data, '--port', '0']);
  const url = await new Promise((resolve, reject) => {
    let text = '';
    server.on('exit', (code) => reject(new Error(`mammoseg serve exited (${code}) before printing its URL`)));
    server.stdout.on('data', (chunk) => {
      text += chunk;
      const match = /Open (\S+)/.exec(text);
      if (match) resolve(match[1]);
    });
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  const origin = new URL(url).origin;
  const token = new URL(url).searchParams.get('token');
  /** The host's API as the page calls it (its token as a bearer, origin and CSRF header). */
  const api = async (channel, payload) => {
    const response = await page.request.post(`${origin}/api/rpc/${channel}`, {
      data: Buffer.from(encodeWire(payload)),
      headers: { 'content-type': 'application/x-mammoseg-wire', origin, 'x-mammoseg-csrf': '1', authorization: `Bearer ${token}` },
    });
    const result = decodeWire(new Uint8Array(await response.body()));
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value;
  };
  const close = async () => {
    await browser.close();
    server.kill('SIGTERM');
  };
  return { page, origin, api, close };
}
