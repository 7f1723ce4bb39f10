/** Moved to shared/preprocess/geometry.ts (the core and the worker pool use it too); kept for existing importers. */
export * from '../../../shared/preprocess/geometry.js';
