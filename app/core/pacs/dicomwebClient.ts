/**
 * A DICOMweb client (PS3.18): QIDO-RS study and instance search, WADO-RS instance retrieve,
 * STOW-RS store. Node's fetch; every failure becomes an AppFailure whose message says what the
 * PACS did (401, 404, no answer in time, a cut-short body, an answer too large) and never
 * carries the secret nor the PACS's own words (a server that reflects the request would echo
 * the bearer token). Answers are read against a size cap as they arrive, so a broken or hostile
 * PACS costs a refusal, not the host's memory; a retrieve streams to a file.
 */
import { createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { MAX_IMPORT_FILE_BYTES } from '../../../shared/contract/channels.js';
import { AppFailure } from '../../../shared/contract/result.js';
import { megabytes } from '../imaging/limits.js';
import type { StoredConnection } from './connectionStore.js';
import { buildMultipart, MultipartError, parseMultipart } from './multipart.js';

/** A DICOM JSON data set (PS3.18 F.2): tag -> { vr, Value }. */
export type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

export interface ClientOptions {
  /** No answer (headers, or the next body chunk) for this long: the request fails. */
  idleTimeoutMs?: number;
  fetch?: typeof fetch;
  /** Largest search (QIDO-RS) or STOW-RS answer read (default MAX_JSON_ANSWER_BYTES). */
  maxJsonBytes?: number;
  /** Largest retrieve (WADO-RS) answer, one instance (default MAX_INSTANCE_ANSWER_BYTES). */
  maxInstanceBytes?: number;
}

/**
 * A search answer: 1000 studies or a study's instances take well under 2 MB of DICOM JSON;
 * 32 MB holds tens of thousands of instance rows, past which the import refuses anyway.
 */
export const MAX_JSON_ANSWER_BYTES = 32 * 1024 * 1024;
/** One instance's multipart answer: the largest file an import takes, and room for the part headers. */
export const MAX_INSTANCE_ANSWER_BYTES = MAX_IMPORT_FILE_BYTES + 1024 * 1024;

export interface InstanceRef {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** SOP Class UID when the listing gives it (Orthanc does): tells a SEG from an image. */
  sopClassUid?: string;
}

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

export class DicomwebClient {
  private readonly base: string;
  private readonly idleTimeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly maxJsonBytes: number;
  private readonly maxInstanceBytes: number;

  constructor(
    private readonly connection: StoredConnection,
    options: ClientOptions = {},
  ) {
    this.base = connection.baseUrl.replace(/\/+$/, '');
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.fetch = options.fetch ?? fetch;
    this.maxJsonBytes = options.maxJsonBytes ?? MAX_JSON_ANSWER_BYTES;
    this.maxInstanceBytes = options.maxInstanceBytes ?? MAX_INSTANCE_ANSWER_BYTES;
  }

  /** QIDO-RS: GET {base}/studies?…, DICOM JSON. */
  async searchStudies(query: Record<string, string>, signal?: AbortSignal): Promise<DicomJson[]> {
    return this.json(`/studies?${new URLSearchParams(query)}`, signal);
  }

  /** QIDO-RS: every instance of a study, with its series. */
  async studyInstances(studyInstanceUid: string, signal?: AbortSignal): Promise<InstanceRef[]> {
    const rows = await this.json(`/studies/${encodeURIComponent(studyInstanceUid)}/instances`, signal);
    return rows.map((row) => ({
      studyInstanceUid: text(row, '0020000D') || studyInstanceUid,
      seriesInstanceUid: text(row, '0020000E'),
      sopInstanceUid: text(row, '00080018'),
      sopClassUid: text(row, '00080016'),
    }));
  }

  /**
   * WADO-RS: one instance as stored (transfer-syntax=*), out of its multipart/related answer,
   * into `file`. The answer streams to disk (never whole in memory while it arrives) under the
   * instance cap; its one DICOM part is then cut out into `file`.
   */
  async retrieveInstance(ref: InstanceRef, file: string, signal?: AbortSignal): Promise<void> {
    const path = `/studies/${encodeURIComponent(ref.studyInstanceUid)}/series/${encodeURIComponent(ref.seriesInstanceUid)}/instances/${encodeURIComponent(ref.sopInstanceUid)}`;
    const raw = `${file}.multipart`;
    try {
      const sink = createWriteStream(raw, { mode: 0o600 });
      let contentType: string | null;
      try {
        ({ contentType } = await this.request(
          'GET',
          path,
          { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
          undefined,
          signal,
          { maxBytes: this.maxInstanceBytes, sink: async (chunk) => void (sink.write(chunk) || (await once(sink, 'drain'))) },
        ));
      } finally {
        sink.end();
        await once(sink, 'close');
      }
      let parts;
      try {
        parts = parseMultipart(readFileSync(raw), contentType);
      } catch (error) {
        if (error instanceof MultipartError)
          throw new AppFailure('internal', `retrieving instance ${ref.sopInstanceUid}: ${error.message}`);
        throw error;
      }
      const dicom = parts.filter((p) => /^application\/dicom\b/i.test(p.headers['content-type'] ?? 'application/dicom'));
      if (dicom.length !== 1)
        throw new AppFailure('internal', `retrieving instance ${ref.sopInstanceUid}: expected one DICOM part, got ${dicom.length}`);
      writeFileSync(file, dicom[0]!.body, { mode: 0o600 });
    } finally {
      rmSync(raw, { force: true });
    }
  }

  /** STOW-RS: stores instances; throws unless the PACS lists every one as stored. */
  async store(instances: { bytes: Uint8Array; sopInstanceUid: string }[], studyInstanceUid?: string, signal?: AbortSignal): Promise<void> {
    const boundary = `mammoseg-${crypto.randomUUID()}`;
    const { body, contentType } = buildMultipart(
      instances.map((i) => i.bytes),
      boundary,
    );
    const path = studyInstanceUid ? `/studies/${encodeURIComponent(studyInstanceUid)}` : '/studies';
    const answer = await this.request('POST', path, { accept: 'application/dicom+json', 'content-type': contentType }, body, signal, {
      maxBytes: this.maxJsonBytes,
    });
    const response = parseJson(answer.body, 'STOW-RS') as DicomJson | DicomJson[];
    const root = Array.isArray(response) ? (response[0] ?? {}) : response;
    const failed = (root['00081198']?.Value ?? []) as DicomJson[];
    if (failed.length) {
      const reasons = failed.map((f) => `${text(f, '00081155')} (failure reason ${String(f['00081197']?.Value?.[0] ?? '?')})`);
      throw new AppFailure('conflict', `the PACS refused to store ${reasons.join(', ')}`);
    }
    const stored = new Set(((root['00081199']?.Value ?? []) as DicomJson[]).map((r) => text(r, '00081155')));
    const missing = instances.filter((i) => !stored.has(i.sopInstanceUid));
    if (missing.length)
      throw new AppFailure('internal', `the PACS did not confirm storing ${missing.map((m) => m.sopInstanceUid).join(', ')}`);
  }

  private async json(path: string, signal?: AbortSignal): Promise<DicomJson[]> {
    const { body, status } = await this.request('GET', path, { accept: 'application/dicom+json' }, undefined, signal, {
      maxBytes: this.maxJsonBytes,
    });
    if (status === 204 || body.byteLength === 0) return []; // QIDO: no match
    const value = parseJson(body, 'QIDO-RS');
    if (!Array.isArray(value)) throw new AppFailure('internal', 'the PACS answered a search with something other than a DICOM JSON list');
    return value as DicomJson[];
  }

  /**
   * One HTTP exchange with the whole body read (into memory, or handed chunk by chunk to `sink`)
   * up to `maxBytes`; any non-2xx, network error, stall or larger answer throws.
   */
  private async request(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body: Uint8Array | undefined,
    signal: AbortSignal | undefined,
    read: { maxBytes: number; sink?: (chunk: Uint8Array) => Promise<void> },
  ): Promise<{ status: number; body: Uint8Array; contentType: string | null }> {
    const url = `${this.base}${path}`;
    const idle = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), this.idleTimeoutMs);
    };
    const combined = signal ? AbortSignal.any([signal, idle.signal]) : idle.signal;
    const where = `${method} ${this.base}${path.split('?')[0]}`;
    let answered = false;
    arm();
    try {
      const response = await this.fetch(url, {
        method,
        headers: { ...headers, ...this.authHeader() },
        body,
        signal: combined,
        redirect: 'error',
      });
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new AppFailure(
          'unauthorized',
          `the PACS refused the credentials (HTTP ${response.status}) for ${where}; check the user name, password or token`,
        );
      }
      if (response.status === 404) {
        await response.body?.cancel();
        throw new AppFailure(
          'not-found',
          `the PACS has no ${where} (HTTP 404); check the DICOMweb base URL (e.g. http://host:8042/dicom-web)`,
        );
      }
      if (response.status >= 300) {
        // Its body is not shown: a server that reflects the request would print our credentials.
        await response.body?.cancel().catch(() => {});
        throw new AppFailure('internal', `the PACS answered HTTP ${response.status} to ${where} (its answer is not shown)`);
      }
      answered = true;
      const tooLarge = () =>
        new AppFailure(
          'internal',
          `the PACS's answer to ${where} is larger than ${megabytes(read.maxBytes)}; refused (is it the right server?)`,
        );
      if (Number(response.headers.get('content-length')) > read.maxBytes) {
        await response.body?.cancel().catch(() => {});
        throw tooLarge();
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (response.body) {
        for await (const chunk of response.body) {
          arm();
          size += (chunk as Uint8Array).byteLength;
          if (size > read.maxBytes) {
            idle.abort();
            throw tooLarge();
          }
          if (read.sink) await read.sink(chunk as Uint8Array);
          else chunks.push(chunk as Uint8Array);
        }
      }
      return { status: response.status, body: new Uint8Array(Buffer.concat(chunks)), contentType: response.headers.get('content-type') };
    } catch (error) {
      if (error instanceof AppFailure) throw error;
      if (signal?.aborted) throw signal.reason ?? new DOMException('cancelled', 'AbortError');
      if (idle.signal.aborted)
        throw new AppFailure('internal', `the PACS did not answer ${where} within ${Math.round(this.idleTimeoutMs / 1000)} s`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      if (answered) throw new AppFailure('internal', `the PACS closed the connection before the answer was complete (${where}: ${reason})`);
      throw new AppFailure('internal', `could not reach the PACS (${where}): ${reason}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private authHeader(): Record<string, string> {
    const { auth, username, secret } = this.connection;
    if (auth === 'basic') return { authorization: `Basic ${Buffer.from(`${username ?? ''}:${secret ?? ''}`).toString('base64')}` };
    if (auth === 'bearer') return { authorization: `Bearer ${secret ?? ''}` };
    return {};
  }
}

/** First value of a DICOM JSON attribute as text (PN: its Alphabetic group). */
export function text(ds: DicomJson, tag: string): string {
  const value = ds[tag]?.Value?.[0];
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return String((value as { Alphabetic?: string }).Alphabetic ?? '');
  return String(value);
}

function parseJson(body: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw new AppFailure('internal', `the PACS's ${what} answer is not valid JSON (cut short?)`);
  }
}
