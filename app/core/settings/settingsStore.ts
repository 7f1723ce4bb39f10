/**
 * Settings of one installation (one data folder), shared by the app, `serve` and the CLI: for
 * now the reviewer's name, which replaces the OS account as the author of revisions and reviews
 * (a reading-room PC runs under one account for everyone, often "root" or a kiosk user). A small
 * JSON file beside the database: no migration, and readable by a person fixing a name.
 */
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviewerNameSchema, safePersonName } from '../../../shared/domain/personName.js';

export const SETTINGS_FILE = 'settings.json';

export interface InstallationSettings {
  reviewerName: string | null;
  /**
   * Blinded second reading (issue 26): the other readers' masks, the model's and their review
   * states stay hidden from the current reader until they submit the case.
   */
  blindedReading: boolean;
}

export class SettingsStore {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, SETTINGS_FILE);
  }

  /** Read on every call: another host on the same folder may have changed it. */
  get(): InstallationSettings {
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<InstallationSettings>;
      // A name an older version stored unchecked, or a hand edit, is made a valid person name.
      const name = typeof parsed.reviewerName === 'string' ? safePersonName(parsed.reviewerName) : '';
      return { reviewerName: name || null, blindedReading: parsed.blindedReading === true };
    } catch {
      return { reviewerName: null, blindedReading: false }; // no file yet (or unreadable): no name set
    }
  }

  setBlindedReading(on: boolean): InstallationSettings {
    return this.write({ ...this.get(), blindedReading: on });
  }

  /** An empty name clears it (back to the OS account). Written atomically (temp file + rename). */
  setReviewerName(name: string): InstallationSettings {
    return this.write({ ...this.get(), reviewerName: ReviewerNameSchema.parse(name) || null });
  }

  private write(settings: InstallationSettings): InstallationSettings {
    const temp = `${this.path}.tmp`;
    // Owner only, whatever the umask: it names the people who read (privateFolder.ts).
    writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    if (process.platform !== 'win32') chmodSync(temp, 0o600); // a leftover temp file may be older and wider
    renameSync(temp, this.path);
    return settings;
  }
}
