/**
 * Channel and event names without their schemas, so the preload (which must stay tiny and
 * cannot load zod in a sandbox bundle without cost) can expose one method per channel.
 * `channels.ts` checks with `satisfies` that these lists and the schemas match.
 */
export const CHANNEL_NAMES = [
  'getAppInfo',
  'listProjects',
  'applyProjectTemplate',
  'listCases',
  'getCase',
  'getCasePixels',
  'getThumbnail',
  'importFiles',
  'getMask',
  'listRevisions',
  'saveMask',
  'restoreRevision',
  'prepareRefine',
  'refineMask',
  'setReview',
  'undoReview',
  'setQueued',
  'confirmMammogram',
  'getReviewHistory',
  'getTrainingQueue',
  'segmentCases',
  'getEngineStatus',
  'listModels',
  'activateModel',
  'startTraining',
  'cancelTraining',
  'listTrainingRuns',
  'exportLabels',
  'cancelExport',
  'getModelAgreement',
  'getProbabilityMap',
  'caseHeader',
  'getSettings',
  'setReviewerName',
  'pacsConnect',
  'pacsStatus',
  'pacsSearch',
  'pacsImport',
  'pacsCancel',
  'pacsSend',
  'listStudies',
  'getMeasurements',
  'listDensities',
  'getReaders',
  'switchReader',
  'setBlindedReading',
  'submitReading',
  'getAgreement',
  'getAdjudication',
  'saveConsensus',
] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export const EVENT_NAMES = [
  'importProgress',
  'segmentProgress',
  'trainingProgress',
  'trainingFinished',
  'exportProgress',
  'pacsProgress',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** IPC channel used for a request; the prefix keeps our channels apart from Electron's own. */
export const ipcRequestChannel = (name: ChannelName): string => `mammoseg:rpc:${name}`;
export const ipcEventChannel = (name: EventName): string => `mammoseg:event:${name}`;
