/**
 * The contract: every request, response and pushed event, declared once. Hosts (Electron IPC,
 * the loopback HTTP host) validate requests against these schemas before any handler runs;
 * the renderer's `ReviewApi` type is derived from them, so the two sides cannot drift.
 */
import { z } from 'zod';
import { CaseDetailSchema, CaseFilterSchema, CaseIdSchema, CaseSummarySchema, ReviewStateSchema } from '../domain/case.js';
import { ClickSchema, MaskRevisionSchema } from '../domain/mask.js';
import {
  AdjudicationPickSchema,
  ProjectAgreementSchema,
  ReaderNameSchema,
  ReadersViewSchema,
  ThresholdsSchema,
} from '../domain/readers.js';
import {
  EngineStatusSchema,
  ModelVersionSchema,
  ProbabilityMapSchema,
  VersionAgreementSchema,
  SegmentProgressSchema,
  SegmentReportSchema,
  TrainingFinishedSchema,
  TrainingProgressSchema,
} from '../domain/model.js';
import { ReviewEventSchema, TrainingQueueSchema } from '../domain/review.js';
import { ExportRequestSchema, ExportResultSchema } from '../domain/export.js';
import { ImportProgressSchema, ImportReportSchema } from '../domain/import.js';
import { PixelMetaSchema } from '../domain/imaging.js';
import { ProjectSchema } from '../domain/project.js';
import { DicomTagSchema, InstallationSettingsSchema } from '../domain/reading.js';
import { ReviewerNameSchema } from '../domain/personName.js';
import {
  PacsConnectRequestSchema,
  PacsConnectionSchema,
  PacsImportReportSchema,
  PacsImportRequestSchema,
  PacsProgressSchema,
  PacsSearchRequestSchema,
  PacsSendReportSchema,
  PacsSendRequestSchema,
  PacsStatusSchema,
  PacsStudySchema,
} from '../domain/pacs.js';
import { CaseDensitySchema, CaseMeasurementsSchema, StudySchema } from '../domain/study.js';
import type { ChannelName, EventName } from './names.js';

/** Binary payloads travel as bytes (structured clone over IPC, the wire envelope over HTTP). */
export const BytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes (Uint8Array)');

const ProjectIdSchema = z.number().int().positive();

/** Largest single file accepted through the API (a big DBT-sized DICOM is well under this). */
export const MAX_IMPORT_FILE_BYTES = 512 * 1024 * 1024;

export const AppInfoSchema = z.object({
  version: z.string(),
  /** What the user is told runs MammoSeg ("Desktop" or "Browser host"). */
  host: z.enum(['electron', 'browser']),
  /** Whether a request may name a folder on the machine running the core (an export's outDir). */
  clientPaths: z.enum(['allowed', 'refused']),
  dataDir: z.string(),
  defaultProjectId: ProjectIdSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** The case after a review decision; `note` says why the state recorded is not the one asked. */
const ReviewOutcomeSchema = CaseSummarySchema.extend({ note: z.string().nullable() });

/** The largest page of listCases: ~300 bytes a case on the wire keeps a page under 200 KB. */
export const MAX_CASE_PAGE = 500;

export const channels = {
  getAppInfo: { request: z.object({}).strict(), response: AppInfoSchema },
  listProjects: { request: z.object({}).strict(), response: z.array(ProjectSchema) },
  /** First start: gives a still-empty project a template's classes (and so its starter model). */
  applyProjectTemplate: {
    request: z.object({ projectId: ProjectIdSchema, templateId: z.enum(['tissue', 'lesions']) }).strict(),
    response: ProjectSchema,
  },
  /**
   * The project's cases in the filter's order. With `limit`, one page of them (the case list asks
   * page by page as it scrolls: at 100 000 cases the whole list is ~30 MB); a page shorter than
   * `limit` is the last. `after`: the page starts just after this case (the previous page's last),
   * as quick deep in the list as at its top; `offset` skips that many more (deep offsets read
   * every skipped case). Every order ends with the case id, so pages never overlap. An `after`
   * case that is not in the project is not-found.
   */
  listCases: {
    request: z
      .object({
        projectId: ProjectIdSchema,
        filter: CaseFilterSchema.optional(),
        after: CaseIdSchema.optional(),
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(MAX_CASE_PAGE).optional(),
      })
      .strict(),
    response: z.array(CaseSummarySchema),
  },
  getCase: { request: z.object({ caseId: CaseIdSchema }).strict(), response: CaseDetailSchema },
  /** Full-depth stored pixels, little endian, row-major; `meta` says how to read and show them. */
  getCasePixels: {
    request: z.object({ caseId: CaseIdSchema }).strict(),
    response: z.object({ meta: PixelMetaSchema, data: BytesSchema }),
  },
  getThumbnail: {
    request: z.object({ caseId: CaseIdSchema }).strict(),
    response: z.object({ mimeType: z.literal('image/png'), data: BytesSchema }),
  },
  /** Files picked or dropped in the UI, sent as bytes (a browser cannot hand over paths). */
  importFiles: {
    request: z
      .object({
        projectId: ProjectIdSchema,
        runId: z.string().min(1).max(64),
        files: z
          .array(
            z.object({
              name: z.string().min(1).max(1024),
              data: BytesSchema.refine((b) => b.byteLength <= MAX_IMPORT_FILE_BYTES, 'file is larger than 512 MiB'),
            }),
          )
          .min(1, 'at least one file is needed'),
      })
      .strict(),
    response: ImportReportSchema,
  },
  /** A mask revision (latest when revisionId is absent), RLE-encoded (shared/mask/rle.ts). */
  getMask: {
    request: z.object({ caseId: CaseIdSchema, revisionId: z.number().int().positive().optional() }).strict(),
    response: z.object({
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      revision: MaskRevisionSchema.nullable(),
      rle: BytesSchema.nullable(),
    }),
  },
  listRevisions: { request: z.object({ caseId: CaseIdSchema }).strict(), response: z.array(MaskRevisionSchema) },
  /**
   * Appends a user revision on top of `parentId`, which must be the latest (else: conflict); an
   * unreviewed case becomes "in progress" in the same transaction. `kind`/`tool`/`classIndex`
   * say what the editor did (undo and redo autosave too, but are not edit points).
   */
  saveMask: {
    request: z
      .object({
        caseId: CaseIdSchema,
        parentId: z.number().int().positive().nullable(),
        rle: BytesSchema,
        kind: z.enum(['edit', 'undo', 'redo']).optional(),
        tool: z.string().max(40).optional(),
        classIndex: z.number().int().min(0).max(254).optional(),
      })
      .strict(),
    response: MaskRevisionSchema,
  },
  /** Restoring appends a copy of an old revision: history is never rewritten. */
  restoreRevision: {
    request: z.object({ caseId: CaseIdSchema, revisionId: z.number().int().positive() }).strict(),
    response: MaskRevisionSchema,
  },
  /**
   * The click tool was picked on a case: refuses now if the active model takes no clicks, and
   * readies the case (its model-grid input, the model loaded) so the first click is fast.
   */
  prepareRefine: {
    request: z.object({ caseId: CaseIdSchema }).strict(),
    response: z.object({ modelVersion: z.string(), ms: z.number() }),
  },
  /**
   * The click tool: runs the case's active model (it must be click-guided) with every click of the
   * session so far and appends the result on top of `parentId` (which must be the latest) as a
   * "model + clicks" revision that records the clicks; answers the new mask with it.
   */
  refineMask: {
    request: z
      .object({
        caseId: CaseIdSchema,
        parentId: z.number().int().positive().nullable(),
        clicks: z.array(ClickSchema).min(1, 'at least one click is needed').max(500),
      })
      .strict(),
    response: z.object({
      revision: MaskRevisionSchema,
      rle: BytesSchema,
      /** Milliseconds on the host: preparing (0-ish when the case's input was cached), the forward pass, encoding + saving. */
      timing: z.object({
        cached: z.boolean(),
        prepareMs: z.number(),
        predictMs: z.number(),
        saveMs: z.number(),
        totalMs: z.number(),
      }),
    }),
  },
  setReview: {
    request: z
      .object({
        caseId: CaseIdSchema,
        state: ReviewStateSchema,
        comment: z.string().max(4000).nullable().optional(),
        queued: z.boolean().optional(),
      })
      .strict(),
    response: ReviewOutcomeSchema,
  },
  /** Puts the case back to its state before the latest change, if it is still `expectState`. */
  undoReview: { request: z.object({ caseId: CaseIdSchema, expectState: ReviewStateSchema }).strict(), response: ReviewOutcomeSchema },
  setQueued: { request: z.object({ caseId: CaseIdSchema, queued: z.boolean() }).strict(), response: CaseSummarySchema },
  /** A reader says a case flagged "not a mammogram?" is one: it may be segmented and counted in density. */
  confirmMammogram: { request: z.object({ caseId: CaseIdSchema }).strict(), response: CaseSummarySchema },
  getReviewHistory: { request: z.object({ caseId: CaseIdSchema }).strict(), response: z.array(ReviewEventSchema) },
  getTrainingQueue: { request: z.object({ projectId: ProjectIdSchema }).strict(), response: TrainingQueueSchema },
  /** Segments cases with the project's active model; progress arrives as segmentProgress events. */
  segmentCases: {
    request: z
      .object({
        projectId: ProjectIdSchema,
        runId: z.string().min(1).max(64),
        caseIds: z.array(CaseIdSchema).min(1).max(100_000),
        force: z.boolean().optional(),
      })
      .strict(),
    response: SegmentReportSchema,
  },
  /** Which backend the engine chose and why not the others; the model versions. */
  getEngineStatus: {
    request: z.object({ projectId: ProjectIdSchema, start: z.boolean().optional() }).strict(),
    response: EngineStatusSchema,
  },
  listModels: { request: z.object({ projectId: ProjectIdSchema }).strict(), response: z.array(ModelVersionSchema) },
  /** Activating an older version is the roll-back. */
  activateModel: {
    request: z.object({ projectId: ProjectIdSchema, modelId: z.number().int().positive() }).strict(),
    response: ModelVersionSchema,
  },
  /** Starts "Update model" in the background; progress and the end arrive as events. */
  startTraining: {
    request: z
      .object({
        projectId: ProjectIdSchema,
        runId: z.string().min(1).max(64),
        fromScratch: z.boolean().optional(),
        allLabelled: z.boolean().optional(),
        epochs: z.number().int().min(1).max(500).optional(),
        /** Make the new version active if it beats its parent on held-out human labels. */
        activate: z.boolean().optional(),
      })
      .strict(),
    response: z.object({
      runId: z.string(),
      cases: z.number().int(),
      /** Whether the run can be scored on held-out human labels ('too-few': it will have no score). */
      scoring: z.object({ status: z.enum(['scored', 'too-few']), corrected: z.number().int(), needed: z.number().int() }).optional(),
    }),
  },
  cancelTraining: { request: z.object({ runId: z.string() }).strict(), response: z.object({ cancelled: z.boolean() }) },
  /**
   * The training runs going now (every project), each with its latest progress (null before the
   * first step): a renderer opened or re-opened during a run shows its progress and Cancel.
   */
  listTrainingRuns: {
    request: z.object({}).strict(),
    response: z.array(
      z.object({
        runId: z.string(),
        projectId: ProjectIdSchema,
        cases: z.number().int(),
        startedAt: z.string(),
        progress: TrainingProgressSchema.nullable(),
      }),
    ),
  },
  /**
   * Writes the reviewed labels (PNG label maps, COCO, DICOM SEG) with a manifest, atomically. The
   * desktop app may name an absolute folder; from a browser, exports go under the data folder's
   * exports/ and the answer's outDir says where.
   */
  exportLabels: { request: ExportRequestSchema.strict(), response: ExportResultSchema },
  /** Stops the exports now running: their temporary folders are removed, nothing is published. */
  cancelExport: { request: z.object({}).strict(), response: z.object({ cancelled: z.number().int() }) },
  /** Per model version: how much reviewers changed its predictions (Dice to the final label). */
  getModelAgreement: { request: z.object({ projectId: ProjectIdSchema }).strict(), response: z.array(VersionAgreementSchema) },
  /** The latest prediction's probability of one class as a heat map (null before any prediction). */
  getProbabilityMap: {
    request: z.object({ caseId: CaseIdSchema, classIndex: z.number().int().min(0).max(254) }).strict(),
    response: z.object({ map: ProbabilityMapSchema, data: BytesSchema }).nullable(),
  },
  /** The original file's DICOM tags (null for PNG/PGM/JPEG cases); holds PHI, shown only in the UI. */
  caseHeader: { request: z.object({ caseId: CaseIdSchema }).strict(), response: z.array(DicomTagSchema).nullable() },
  getSettings: { request: z.object({}).strict(), response: InstallationSettingsSchema },
  /** The reviewer recorded as author from now on, for every host of this data folder; "" clears it. */
  setReviewerName: { request: z.object({ name: ReviewerNameSchema }).strict(), response: InstallationSettingsSchema },
  /** Saves the DICOMweb connection for this data folder after a test query; the answer never holds the secret. */
  pacsConnect: { request: PacsConnectRequestSchema.strict(), response: PacsConnectionSchema },
  pacsStatus: { request: z.object({}).strict(), response: PacsStatusSchema },
  /** QIDO-RS study search on the saved connection. */
  pacsSearch: { request: PacsSearchRequestSchema.strict(), response: z.array(PacsStudySchema) },
  /** WADO-RS retrieve of whole studies, then the normal import; progress as pacsProgress events. */
  pacsImport: { request: PacsImportRequestSchema.strict(), response: PacsImportReportSchema },
  pacsCancel: { request: z.object({ runId: z.string() }).strict(), response: z.object({ cancelled: z.boolean() }) },
  /** STOW-RS of each case's latest mask as a DICOM SEG referencing its source instance. */
  pacsSend: { request: PacsSendRequestSchema.strict(), response: PacsSendReportSchema },
  /** Cases grouped into studies, each with its RCC/LCC/RMLO/LMLO slots (features/study). */
  listStudies: { request: z.object({ projectId: ProjectIdSchema }).strict(), response: z.array(StudySchema) },
  /** Pixel spacing used, areas per class (cm²) and breast density of the latest mask revision. */
  getMeasurements: { request: z.object({ caseId: CaseIdSchema }).strict(), response: CaseMeasurementsSchema },
  /** Each case's area density (null without a tissue mask) and study key, for the case list. */
  listDensities: { request: z.object({ projectId: ProjectIdSchema }).strict(), response: z.array(CaseDensitySchema) },
  /** The folder's readers, the current one and whether reading is blinded (issue 26). */
  getReaders: { request: z.object({}).strict(), response: ReadersViewSchema },
  /** Makes a reader (a DICOM PN) current for every host of this folder, adding them if new. */
  switchReader: { request: z.object({ name: ReaderNameSchema }).strict(), response: ReadersViewSchema },
  setBlindedReading: { request: z.object({ blinded: z.boolean() }).strict(), response: ReadersViewSchema },
  /** The current reader declares their mask of the case final; blinded reading then shows the others'. */
  submitReading: {
    request: z.object({ caseId: CaseIdSchema }).strict(),
    response: z.object({ caseId: CaseIdSchema, reader: z.string(), revisionId: z.number().int().positive(), submittedAt: z.string() }),
  },
  /** Dice per class between readers and against the model, density differences; the project table. */
  getAgreement: {
    request: z.object({ projectId: ProjectIdSchema, thresholds: ThresholdsSchema.optional() }).strict(),
    response: ProjectAgreementSchema,
  },
  /** Two readers' current masks of a case for the adjudication view (the first two readers by default). */
  getAdjudication: {
    request: z.object({ caseId: CaseIdSchema, readerA: z.string().optional(), readerB: z.string().optional() }).strict(),
    response: z.object({
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      readers: z.array(z.string()),
      readerA: z.string(),
      readerB: z.string(),
      rleA: BytesSchema,
      rleB: BytesSchema,
      /** The case's latest revision: a consensus is saved on top of it. */
      headId: z.number().int().positive().nullable(),
      /** The latest consensus of these two readers, if any, with its per-pixel provenance (RLE). */
      consensus: z.object({ revisionId: z.number().int().positive(), rle: BytesSchema, provenanceRle: BytesSchema }).nullable(),
    }),
  },
  /** Replays the adjudicator's picks over A's and B's masks and stores the consensus with its provenance. */
  saveConsensus: {
    request: z
      .object({
        caseId: CaseIdSchema,
        readerA: z.string().min(1),
        readerB: z.string().min(1),
        parentId: z.number().int().positive().nullable(),
        picks: z.array(AdjudicationPickSchema).max(10_000),
      })
      .strict(),
    response: z.object({ revision: MaskRevisionSchema, provenanceCounts: z.array(z.number().int().nonnegative()) }),
  },
} as const satisfies Record<ChannelName, { request: z.ZodType; response: z.ZodType }>;

/** Events the core pushes to the renderer. */
export const events = {
  importProgress: ImportProgressSchema,
  segmentProgress: SegmentProgressSchema,
  trainingProgress: TrainingProgressSchema,
  trainingFinished: TrainingFinishedSchema,
  exportProgress: z.object({ done: z.number().int(), total: z.number().int(), current: z.string() }),
  pacsProgress: PacsProgressSchema,
} as const satisfies Record<EventName, z.ZodType>;

export type Channels = typeof channels;
export type RequestOf<K extends ChannelName> = z.input<Channels[K]['request']>;
export type ResponseOf<K extends ChannelName> = z.output<Channels[K]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export type { ChannelName, EventName };
