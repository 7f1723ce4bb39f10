import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/paths.js';

interface BuildConfig {
  asar?: boolean;
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  [key: string]: unknown;
}

const build = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { build: BuildConfig }).build;

/** The installed electron-builder's own check of a configuration (its JSON schema and extra rules). */
const validateConfiguration = (
  createRequire(import.meta.url)('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean }): Promise<void>;
  }
).validateConfiguration;

describe('electron-builder configuration', () => {
  it('flips the Electron fuses that turn a signed app into a general-purpose Node runtime off', () => {
    expect(build.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app into an asar, which the asar-only and integrity fuses need', () => {
    expect(build.asar).not.toBe(false);
  });

  it('unpacks the native modules from the asar, and each pattern names an installed package', () => {
    const natives = ['node_modules/better-sqlite3/**', 'node_modules/onnxruntime-node/**', 'node_modules/sharp/**', 'node_modules/@img/**'];
    expect(build.asarUnpack).toEqual(expect.arrayContaining(natives));
    for (const pattern of natives) expect(existsSync(join(repoRoot, pattern.replace(/\/\*\*$/, ''))), pattern).toBe(true);
  });

  it('is accepted by the installed electron-builder, which refuses a misspelt fuse', async () => {
    await expect(validateConfiguration(build, { isEnabled: false })).resolves.toBeUndefined();
    const misspelt = { ...build, electronFuses: { ...build.electronFuses, runAsNod: false } };
    await expect(validateConfiguration(misspelt, { isEnabled: false })).rejects.toThrow(/electronFuses/);
  });
});
