/**
 * The core: plain Node, no `electron` import. Every host (Electron main, `mammoseg serve`, the
 * CLI) opens one over a data folder and reaches it through the same handlers.
 */
import { mkdirSync } from 'node:fs';
import { availableParallelism, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Project } from '../../shared/domain/project.js';
import { EventHub } from './api/eventHub.js';
import { createHandlers, type Handlers } from './api/handlers.js';
import { CaseRepository } from './cases/caseRepository.js';
import { ImportService } from './cases/importService.js';
import { openDatabase, type Db } from './db/open.js';
import type { EngineSpawner } from './engine/engineChannel.js';
import { EnginePool } from './engine/engineClient.js';
import type { EnginePreference } from '../engine/process/protocol.js';
import { MaskRepository } from './masks/maskRepository.js';
import { ModelRegistry } from './models/modelRegistry.js';
import { MaskService } from './masks/maskService.js';
import { ReviewRepository } from './review/reviewRepository.js';
import { ProjectRepository } from './projects/projectRepository.js';
import { BlobStore } from './storage/blobStore.js';
import { createDecodePool } from './workers/decodePool.js';
import { APP_VERSION } from './version.js';

export interface CoreOptions {
  dataDir: string;
  host: 'electron' | 'browser';
  /** Engine backend preference (default: $MAMMOSEG_BACKEND or auto). */
  backend?: EnginePreference;
  /** Engine processes for batch work (default: one per core). */
  engines?: number;
  /** How engine processes are started (default: worker threads; Electron passes utilityProcess). */
  engineSpawner?: EngineSpawner;
}

export interface Core {
  readonly version: string;
  readonly host: 'electron' | 'browser';
  readonly dataDir: string;
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly projects: ProjectRepository;
  readonly cases: CaseRepository;
  readonly importer: ImportService;
  readonly maskRevisions: MaskRepository;
  readonly masks: MaskService;
  readonly reviews: ReviewRepository;
  readonly models: ModelRegistry;
  /** The engine pool, started on first use (TensorFlow.js lives in those processes only). */
  engines(): EnginePool;
  /** Whether the pool has been created (status without starting engines). */
  readonly enginesStarted: boolean;
  /** Who edits and reviews: the OS account (MAMMOSEG_USER overrides). */
  readonly user: string;
  readonly events: EventHub;
  readonly defaultProject: Project;
  readonly handlers: Handlers;
  close(): void;
}

/** Files in a data folder: the database and the blob store beside it. */
export const dataPaths = (dataDir: string) => ({
  database: join(dataDir, 'mammoseg.sqlite'),
  blobs: join(dataDir, 'blobs'),
});

export function openCore(options: CoreOptions): Core {
  mkdirSync(options.dataDir, { recursive: true });
  const paths = dataPaths(options.dataDir);
  const db = openDatabase(paths.database);
  const blobs = new BlobStore(paths.blobs);
  const projects = new ProjectRepository(db);
  const cases = new CaseRepository(db);
  const maskRevisions = new MaskRepository(db);
  let pool: EnginePool | undefined;
  // Decode workers start on the first import, one per core; the UI's thread only stores.
  const decoder = createDecodePool();
  const core: Omit<Core, 'handlers'> & { handlers?: Handlers } = {
    version: APP_VERSION,
    host: options.host,
    dataDir: options.dataDir,
    db,
    blobs,
    projects,
    cases,
    importer: new ImportService(cases, blobs, decoder),
    maskRevisions,
    masks: new MaskService(cases, projects, maskRevisions),
    reviews: new ReviewRepository(db),
    models: new ModelRegistry(db, options.dataDir),
    engines: () => {
      pool ??= new EnginePool(options.engines ?? availableParallelism(), options.backend ?? ((process.env.MAMMOSEG_BACKEND as EnginePreference | undefined) ?? 'auto'), undefined, options.engineSpawner);
      return pool;
    },
    get enginesStarted() {
      return pool !== undefined;
    },
    user: process.env.MAMMOSEG_USER ?? safeUserName(),
    events: new EventHub(),
    defaultProject: projects.ensureDefault(),
    close: () => {
      void pool?.close();
      void decoder.close();
      db.close();
    },
  };
  core.handlers = createHandlers(core as Core);
  return core as Core;
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
