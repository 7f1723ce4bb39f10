/**
 * The reviewer name ends up in DICOM (ContentCreatorName, a PN): the setting refuses what a PN
 * cannot hold, and whatever name reaches the SEG writer anyway (MAMMOSEG_USER, an older
 * settings.json) is written as one valid PN value.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../app/core/api/dispatch.js';
import { createHandlers } from '../../../app/core/api/handlers.js';
import { openCore } from '../../../app/core/core.js';
import { SettingsStore } from '../../../app/core/settings/settingsStore.js';
import { safePersonName } from '../../../shared/domain/personName.js';
import { tempDir } from '../../support/paths.js';

const EVIL = 'Evil\\Name^A=B\u0000\u202eX';
const core = openCore({ dataDir: tempDir(), clientPaths: 'refused' });
afterAll(() => core.close());

describe('reviewer name (PN rules)', () => {
  it.each([
    ['the attack from the issue', EVIL],
    ['a value separator', 'Ada\\Reader'],
    ['a component group separator', 'Ada=Reader'],
    ['NUL', 'Ada\u0000'],
    ['a right-to-left override', 'Ada\u202eredaeR'],
    ['an escape character', 'Ada\u001b[31m'],
    ['more than five components', 'a^b^c^d^e^f'],
    ['more than 64 characters', 'x'.repeat(65)],
  ])('the setting refuses %s and keeps the old name', async (_what, name) => {
    const handlers = createHandlers(core);
    expect(await dispatch(handlers, 'setReviewerName', { name: 'Ada Reader' })).toMatchObject({ ok: true });
    const result = await dispatch(handlers, 'setReviewerName', { name });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(core.settings.get().reviewerName).toBe('Ada Reader');
  });

  it('takes ordinary names, accents and DICOM components', async () => {
    const handlers = createHandlers(core);
    for (const name of ['Dr. Ada Reader', 'Reader^Ada^^Dr.', 'José Núñez-Ölund', "O'Brien"]) {
      expect(await dispatch(handlers, 'setReviewerName', { name })).toMatchObject({ ok: true, value: { reviewerName: name } });
    }
  });

  it('makes any name one valid PN value when written', () => {
    expect(safePersonName(EVIL)).toBe('EvilName^ABX');
    expect(safePersonName('a^b^c^d^e^f^g')).toBe('a^b^c^d^e f g');
    expect(Array.from(safePersonName('é'.repeat(80)))).toHaveLength(64);
  });

  it('reads a name an older version stored unchecked as a valid PN', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ reviewerName: EVIL }));
    expect(new SettingsStore(dir).get().reviewerName).toBe('EvilName^ABX');
  });
});
