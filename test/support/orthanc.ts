/**
 * A real PACS for the DICOMweb tests: Debian's Orthanc with its DICOMweb plugin, started on free
 * loopback ports with its storage in a temporary folder, stopped (and the folder removed) after.
 * Shared by the Vitest and Playwright suites. `orthancSkipReason()` says why it cannot run here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ORTHANC_BINARY = '/usr/sbin/Orthanc';
export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export function orthancSkipReason(): string | undefined {
  if (!existsSync(ORTHANC_BINARY)) return `${ORTHANC_BINARY} is absent (apt-get install orthanc orthanc-dicomweb)`;
  if (!existsSync(DICOMWEB_PLUGIN)) return `${DICOMWEB_PLUGIN} is absent (apt-get install orthanc-dicomweb)`;
  return undefined;
}

export interface Orthanc {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The DICOMweb root to give MammoSeg. */
  dicomWebUrl: string;
  /** Basic-auth user and password, when started with auth. */
  user: { name: string; password: string } | null;
  /** Stores one DICOM file through the REST API (POST /instances). */
  upload(bytes: Uint8Array): Promise<void>;
  /** GET on the REST API (JSON or bytes). */
  get(path: string): Promise<Response>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export async function startOrthanc(options: { auth?: boolean } = {}): Promise<Orthanc> {
  const folder = mkdtempSync(join(tmpdir(), 'mammoseg-orthanc-'));
  const [httpPort, dicomPort] = [await freePort(), await freePort()];
  const user = options.auth ? { name: 'reader', password: `pw-${Math.random().toString(36).slice(2)}` } : null;
  const config = {
    Name: 'MammoSegTest',
    StorageDirectory: join(folder, 'storage'),
    IndexDirectory: join(folder, 'index'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: Boolean(user),
    RegisteredUsers: user ? { [user.name]: user.password } : {},
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
  };
  const configFile = join(folder, 'orthanc.json');
  writeFileSync(configFile, JSON.stringify(config));
  const child: ChildProcess = spawn(ORTHANC_BINARY, [configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${httpPort}`;
  const headers: Record<string, string> = user
    ? { authorization: `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}` }
    : {};
  const get = (path: string) => fetch(`${url}${path}`, { headers });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(folder, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(folder, { recursive: true, force: true });
      throw new Error(`Orthanc exited with ${child.exitCode}: ${stderr}`);
    }
    const ready = await get('/system').then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Orthanc did not answer on ${url} within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dicomWebUrl: `${url}/dicom-web`,
    user,
    get,
    upload: async (bytes) => {
      const response = await fetch(`${url}/instances`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/dicom' },
        body: Buffer.from(bytes),
      });
      if (!response.ok) throw new Error(`Orthanc refused an upload: HTTP ${response.status} ${await response.text()}`);
    },
    stop,
  };
}
