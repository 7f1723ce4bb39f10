/**
 * Request bodies are admitted by the memory they take: with the budget full, a second upload
 * is not read (nor answered) until the first one's call is over, instead of both being held.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeWire } from '../../../shared/contract/wire.js';
import { makePgm } from '../../support/images.js';
import { startHostFixture, type HostFixture } from './hostFixture.js';

const body = (name: string) =>
  Buffer.from(encodeWire({ projectId: 1, runId: name, files: [{ name: `${name}.pgm`, data: makePgm(64, 64, 255, name.length) }] }));

let fixture: HostFixture;
beforeEach(async () => {
  // Room for one of these bodies (each counted twice), not two.
  fixture = await startHostFixture({ uploadBudget: 3 * body('first').length });
});
afterEach(() => fixture.close());

/** Starts a POST of `bytes`, sending only `sent` of them until `finish` is called. */
function upload(bytes: Buffer, sent: number) {
  const answered: { status?: number } = {};
  let finish = () => {};
  const done = new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: fixture.host.port,
        path: '/api/rpc/importFiles',
        method: 'POST',
        headers: { ...fixture.pageHeaders(), 'content-length': bytes.length },
      },
      (res) => {
        answered.status = res.statusCode;
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.write(bytes.subarray(0, sent));
    finish = () => req.end(bytes.subarray(sent));
  });
  return { answered, done, finish: () => finish() };
}

describe('concurrent uploads under a memory budget', () => {
  it('queues the second body until the first call is over; both then import', async () => {
    const first = upload(body('first'), 100);
    await new Promise((r) => setTimeout(r, 100));
    const second = upload(body('second'), body('second').length);
    second.finish();
    await new Promise((r) => setTimeout(r, 300));
    expect(second.answered.status).toBeUndefined(); // complete, yet waiting for the budget
    expect(fixture.core.caseRepository.count()).toBe(0);
    first.finish();
    expect(await first.done).toBe(200);
    expect(await second.done).toBe(200);
    expect(fixture.core.caseRepository.count()).toBe(2);
  });
});
