/**
 * The core: plain Node, no `electron` import. Every host (Electron main, `mammoseg serve`, the
 * CLI) opens one over a data folder; the hosts that answer contract channels build their handlers
 * over it (api/handlers.ts, createHandlers), a layer above that this module does not import.
 */
import { availableParallelism, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Project } from '../../shared/domain/project.js';
import { EventHub } from './api/eventHub.js';
import { CaseRepository } from './cases/caseRepository.js';
import { ImportService } from './cases/importService.js';
import { openDatabase, type Db } from './db/open.js';
import type { EngineSpawner } from './engine/engineChannel.js';
import { EnginePool } from './engine/engineClient.js';
import type { EnginePreference } from '../../shared/engine/protocol.js';
import { MaskRepository } from './masks/maskRepository.js';
import { ModelVersionRepository } from './models/modelVersionRepository.js';
import { sweepRetrieveLeftovers } from './pacs/retrieveFolder.js';
import { PredictionRepository } from './predictions/predictionRepository.js';
import { CaseFlagRepository } from './cases/caseFlagRepository.js';
import { MaskService } from './masks/maskService.js';
import { ReviewRepository } from './review/reviewRepository.js';
import { ReviewService } from './review/reviewService.js';
import { ProjectRepository } from './projects/projectRepository.js';
import { ReaderRepository } from './readers/readerRepository.js';
import { ReaderService } from './readers/readerService.js';
import { SETTINGS_FILE, SettingsStore } from './settings/settingsStore.js';
import { BlobStore } from './storage/blobStore.js';
import { ensurePrivateFile, ensurePrivateFolder, narrowIfPresent } from './storage/privateFolder.js';
import { createCorePool, type CoreWorkers } from './workers/corePool.js';
import { APP_VERSION } from './version.js';

/**
 * Whether a client of the handlers may name a path on this machine: the desktop app's window
 * and the CLI (the user at this machine) may; a `serve` page (any tab of any browser) may not.
 */
export type ClientPaths = 'allowed' | 'refused';

export interface CoreOptions {
  dataDir: string;
  clientPaths: ClientPaths;
  /** Engine backend preference (default: $MAMMOSEG_BACKEND or auto). */
  backend?: EnginePreference;
  /** Engine processes for batch work (default: one per core). */
  engines?: number;
  /** How engine processes are started (default: worker threads; Electron passes utilityProcess). */
  engineSpawner?: EngineSpawner;
}

export interface Core {
  readonly version: string;
  readonly clientPaths: ClientPaths;
  readonly dataDir: string;
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly projectRepository: ProjectRepository;
  readonly caseRepository: CaseRepository;
  readonly importer: ImportService;
  /** The worker pool for CPU-heavy work (decode, mask validation, training data), one per core. */
  readonly workers: CoreWorkers;
  readonly maskRepository: MaskRepository;
  readonly masks: MaskService;
  readonly reviewRepository: ReviewRepository;
  /** Review decisions with their rules (accept of an edited mask, undo); hosts go through it. */
  readonly reviews: ReviewService;
  readonly models: ModelVersionRepository;
  /** The model's outputs per case (every SQL about predictions is there). */
  readonly predictionRepository: PredictionRepository;
  /** Not-a-mammogram flags and their confirmations. */
  readonly caseFlagRepository: CaseFlagRepository;
  /** The folder's readers, their submissions and adjudicated consensus masks. */
  readonly readerRepository: ReaderRepository;
  /** Reading with several readers: the current reader, blinded reading, submitting. */
  readonly readers: ReaderService;
  /** The engine pool, started on first use (TensorFlow.js lives in those processes only). */
  engines(): EnginePool;
  /** Whether the pool has been created (status without starting engines). */
  readonly enginesStarted: boolean;
  /** Who edits and reviews: the reviewer name set for this installation, else MAMMOSEG_USER, else the OS account. */
  readonly user: string;
  /** Installation settings (settings.json in the data folder). */
  readonly settings: SettingsStore;
  readonly events: EventHub;
  readonly defaultProject: Project;
  close(): void;
}

/** Files in a data folder: the database and the blob store beside it. */
export const dataPaths = (dataDir: string) => ({
  database: join(dataDir, 'mammoseg.sqlite'),
  blobs: join(dataDir, 'blobs'),
});

export function openCore(options: CoreOptions): Core {
  ensurePrivateFolder(options.dataDir);
  const paths = dataPaths(options.dataDir);
  ensurePrivateFile(paths.database);
  for (const suffix of ['-wal', '-shm', '-journal']) narrowIfPresent(`${paths.database}${suffix}`);
  narrowIfPresent(join(options.dataDir, SETTINGS_FILE));
  const db = openDatabase(paths.database);
  const blobs = new BlobStore(paths.blobs);
  // What a put killed between write and rename left; in the background, never in the way of opening.
  blobs.sweepStaleTemps().catch((error: Error) => console.warn(`could not clear stale blob temp files: ${error.message}`));
  // Patient DICOM copies a killed PACS import left behind.
  sweepRetrieveLeftovers(options.dataDir);
  const projects = new ProjectRepository(db);
  const cases = new CaseRepository(db);
  const maskRevisions = new MaskRepository(db);
  const reviews = new ReviewRepository(db);
  const reviewService = new ReviewService(reviews, maskRevisions);
  const caseFlags = new CaseFlagRepository(db);
  const readers = new ReaderRepository(db);
  const settings = new SettingsStore(options.dataDir);
  let pool: EnginePool | undefined;
  // Decode workers start on the first import, one per core; the UI's thread only stores.
  const decoder = createCorePool();
  const core: Core = {
    version: APP_VERSION,
    clientPaths: options.clientPaths,
    dataDir: options.dataDir,
    db,
    blobs,
    projectRepository: projects,
    caseRepository: cases,
    importer: new ImportService(cases, blobs, decoder, { flags: caseFlags }),
    workers: decoder,
    maskRepository: maskRevisions,
    masks: new MaskService(cases, projects, maskRevisions, reviewService, decoder),
    reviewRepository: reviews,
    reviews: reviewService,
    models: new ModelVersionRepository(db, options.dataDir),
    predictionRepository: new PredictionRepository(db),
    caseFlagRepository: caseFlags,
    readerRepository: readers,
    readers: new ReaderService(settings, readers, maskRevisions, reviews, () => core.user),
    engines: () => {
      pool ??= new EnginePool(
        options.engines ?? availableParallelism(),
        options.backend ?? (process.env.MAMMOSEG_BACKEND as EnginePreference | undefined) ?? 'auto',
        undefined,
        options.engineSpawner,
      );
      return pool;
    },
    get enginesStarted() {
      return pool !== undefined;
    },
    settings,
    get user() {
      return this.settings.get().reviewerName ?? process.env.MAMMOSEG_USER ?? safeUserName();
    },
    events: new EventHub(),
    defaultProject: projects.ensureDefault(),
    close: () => {
      void pool?.close();
      void decoder.close();
      db.close();
    },
  };
  return core;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
