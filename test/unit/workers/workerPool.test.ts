import { describe, expect, it } from 'vitest';
import { WorkerJobError, WorkerPool } from '../../../app/core/workers/workerPool.js';

const entry = new URL('./fixtures/jobs.mjs', import.meta.url);

type Job = { kind: 'echo'; data: Uint8Array } | { kind: 'hang' | 'allocate' | 'arrayBuffer' | 'exit' } | { kind: 'throw'; reason: string };
type Result = { data: Uint8Array; doubled: number };

function pool(size = 2, timeoutMs = 10_000) {
  return new WorkerPool<Job, Result>({
    entry,
    size,
    resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 },
    timeoutMs,
    task: 'decoding',
    subject: 'the image',
  });
}

const echo = (n: number) => ({ kind: 'echo' as const, data: new Uint8Array(n).fill(7) });

async function failure(promise: Promise<unknown>): Promise<WorkerJobError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkerJobError);
  return error as WorkerJobError;
}

describe('WorkerPool', () => {
  it('moves job and result buffers instead of copying them', async () => {
    const p = pool();
    const job = echo(1000);
    const result = await p.run(job, [job.data.buffer]);
    expect(job.data.byteLength).toBe(0); // detached: it now belongs to the worker
    expect([result.data.length, result.data[999], result.doubled]).toEqual([1000, 7, 2000]);
    await p.close();
  });

  it('a job that exhausts its heap fails alone; the others and the next job succeed', async () => {
    const p = pool(2);
    const [greedy, neighbour] = [p.run({ kind: 'allocate' }), p.run(echo(10))];
    const error = await failure(greedy);
    expect(error.kind).toBe('memory');
    expect(error.message).toBe('the image needs more memory than allowed (32 MB of heap per decoding worker)');
    expect((await neighbour).doubled).toBe(20);
    expect((await p.run(echo(5))).doubled).toBe(10);
    expect(p.replaced).toBe(1);
    await p.close();
  }, 60_000);

  it('an ArrayBuffer the process cannot allocate is reported as memory, and the worker is kept', async () => {
    const p = pool(1);
    expect((await failure(p.run({ kind: 'arrayBuffer' }))).message).toMatch(/^the image needs more memory than allowed/);
    expect((await p.run(echo(3))).doubled).toBe(6);
    expect(p.replaced).toBe(0);
    await p.close();
  });

  it('a job past its time limit is terminated with the reason, and a fresh worker takes the next', async () => {
    const p = pool(1, 500);
    const started = Date.now();
    const error = await failure(p.run({ kind: 'hang' }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('decoding took longer than 0.5 s');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await p.run(echo(4))).doubled).toBe(8);
    expect(p.replaced).toBe(1);
    await p.close();
  });

  it("a job's own error comes back with its name and reason, and the worker is reused", async () => {
    const p = pool(1);
    const error = await failure(p.run({ kind: 'throw', reason: 'not a PNG' }));
    expect([error.kind, error.remote?.name, error.remote?.reason]).toEqual(['failed', 'ImageDecodeError', 'not a PNG']);
    expect((await p.run(echo(1))).doubled).toBe(2);
    expect(p.replaced).toBe(0);
    await p.close();
  });

  it('a worker that exits mid-job fails that job as crashed and is replaced', async () => {
    const p = pool(1);
    const error = await failure(p.run({ kind: 'exit' }));
    expect([error.kind, error.message]).toEqual(['crashed', 'the decoding worker stopped (exit code 3)']);
    expect((await p.run(echo(2))).doubled).toBe(4);
    await p.close();
  });

  it('runs no more jobs at once than its size; close fails the queued ones', async () => {
    const p = pool(1, 60_000);
    const hung = failure(p.run({ kind: 'hang' }));
    let settled = false;
    const queued = failure(p.run(echo(1)).finally(() => (settled = true)));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false); // its one worker is still busy with the hang
    await p.close();
    expect((await hung).kind).toBe('closed');
    expect((await queued).kind).toBe('closed');
    expect((await failure(p.run(echo(1)))).kind).toBe('closed');
  });
});
