import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where data lives when --data is not given: $MAMMOSEG_DATA, else the folder Electron uses as
 * `userData` for an app named MammoSeg, so the desktop app, `serve` and the CLI share one.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.MAMMOSEG_DATA) return resolve(env.MAMMOSEG_DATA);
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'MammoSeg');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'MammoSeg');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'MammoSeg');
}

export const resolveDataDir = (given: string | undefined): string => (given ? resolve(given) : defaultDataDir());
