import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { openCore } from '../../core/core.js';
import { startHttpHost, type HttpHost } from '../../server/httpHost.js';
import { resolveDataDir } from '../dataDir.js';
import { DATA_OPTION } from '../options.js';

/** The built renderer bundle: dist/renderer, beside dist/electron. */
export const RENDERER_DIR = fileURLToPath(new URL('../../../renderer/', import.meta.url));

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return port;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the review UI to a browser on 127.0.0.1 (token-protected)')
    .option(...DATA_OPTION)
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', parsePort, 4870)
    .addHelpText(
      'after',
      '\nOnly 127.0.0.1 is bound. Reach it from another computer through an SSH tunnel:\n' +
        '  ssh -L 4870:127.0.0.1:4870 workstation   then open the printed URL locally.',
    )
    .action(async (options: ServeOptions) => {
      const session = await serve(options);
      if (!session) return;
      process.once('SIGINT', () => void session.stop('SIGINT'));
      process.once('SIGTERM', () => void session.stop('SIGTERM'));
      // A closed terminal or SSH session: stop the same way (an export in flight is cancelled
      // with the core, and its staging folder removed or swept by the next export).
      process.once('SIGHUP', () => void session.stop('SIGHUP'));
    });
}

export interface ServeOptions {
  data?: string;
  port: number;
}

export interface ServeSession {
  readonly url: string;
  /** Closes the host and the core; says so on stdout. Later calls wait for the first. */
  stop(reason: string): Promise<void>;
}

/**
 * Starts the host and prints where to open it. What it prints is this command's own report to
 * the person who started it; request failures go through the host's log, which names no patient
 * or file (core/api/hostLog.ts). Undefined (exit code 1) when the port cannot be bound.
 */
export async function serve(options: ServeOptions): Promise<ServeSession | undefined> {
  const core = openCore({ dataDir: resolveDataDir(options.data), clientPaths: 'refused' });
  let host: HttpHost;
  try {
    host = await startHttpHost({ core, rendererDir: RENDERER_DIR, port: options.port, log: (line) => console.error(line) });
  } catch (error) {
    core.close();
    const e = error as NodeJS.ErrnoException;
    console.error(e.code === 'EADDRINUSE' ? `Port ${options.port} is in use; pick another with --port.` : e.message);
    process.exitCode = 1;
    return undefined;
  }
  console.log(`MammoSeg is serving ${core.dataDir}`);
  console.log(`Open ${host.url}`);
  let stopped: Promise<void> | undefined;
  return {
    url: host.url,
    stop: (reason) => {
      stopped ??= (async () => {
        console.log(`${reason}: stopping`);
        await host.close();
        core.close();
        console.log('stopped');
      })();
      return stopped;
    },
  };
}
