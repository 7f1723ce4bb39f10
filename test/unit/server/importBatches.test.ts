/** The renderer's transport splits a big import so each request fits the host's body limit. */
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../shared/contract/result.js';
import { importInParts, splitImport } from '../../../renderer/src/api/importBatches.js';

const file = (name: string, bytes: number) => ({ name, data: new Uint8Array(bytes) });
const request = (...files: ReturnType<typeof file>[]) => ({ projectId: 1, runId: 'r', files });

describe('import requests within the host limit', () => {
  it('groups files up to the byte budget; a file over it goes alone', () => {
    const parts = splitImport(request(file('a', 40), file('b', 50), file('c', 200), file('d', 10)), 100);
    expect(parts.map((p) => p.files.map((f) => f.name))).toEqual([['a', 'b'], ['c'], ['d']]);
    expect(parts.every((p) => p.runId === 'r' && p.projectId === 1)).toBe(true);
  });

  it('merges the reports; a refused part counts its files as failed with the reason', async () => {
    const sent: string[][] = [];
    const result = await importInParts(
      request(file('a', 80), file('b', 60), file('c', 10)),
      async (part) => {
        sent.push(part.files.map((f) => f.name));
        if (part.files[0]!.name === 'a') return err('invalid-request', 'too large');
        return ok({ imported: [], duplicates: part.files.map((f, i) => ({ name: f.name, existingCaseId: i + 1 })), failed: [] });
      },
      100,
    );
    expect(sent).toEqual([['a'], ['b', 'c']]);
    expect(result).toEqual(
      ok({
        imported: [],
        duplicates: [
          { name: 'b', existingCaseId: 1 },
          { name: 'c', existingCaseId: 2 },
        ],
        failed: [{ name: 'a', reason: 'too large' }],
      }),
    );
  });

  it('is an error only when every part failed', async () => {
    const result = await importInParts(request(file('a', 80), file('b', 80)), async () => err('unauthorized', 'no token'), 100);
    expect(result).toEqual(err('unauthorized', 'no token'));
  });
});
