import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../support/paths.js';

export interface ServeProcess {
  url: string;
  origin: string;
  /** Sends SIGTERM and resolves with the exit code once the host has stopped. */
  stop(): Promise<number | null>;
  output(): string;
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
  return {
    url,
    origin: new URL(url).origin,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
