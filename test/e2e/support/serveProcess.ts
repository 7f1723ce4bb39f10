import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';

export interface ServeProcess {
  url: string;
  origin: string;
  /** The access token of this launch (what the page keeps in sessionStorage and sends as a bearer). */
  token: string;
  /** Sends SIGTERM and resolves with the exit code once the host has stopped. */
  stop(): Promise<number | null>;
  output(): string;
}

/** Each running host's token by origin, for API calls the tests make beside the page (api.ts). */
const tokens = new Map<string, string>();

export function tokenOf(origin: string): string {
  const token = tokens.get(origin);
  if (!token) throw new Error(`no serve process was started at ${origin}`);
  return token;
}

/** Starts the real `mammoseg serve` (built CLI) on a free port and waits for its URL. */
export async function startServe(dataDir: string): Promise<ServeProcess> {
  const child: ChildProcess = spawn('node', [join(repoRoot, 'bin/mammoseg.js'), 'serve', '--data', dataDir, '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  const origin = new URL(url).origin;
  const token = new URL(url).searchParams.get('token')!;
  tokens.set(origin, token);
  return {
    url,
    origin,
    token,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
