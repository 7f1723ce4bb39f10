/**
 * Save/load a model to a folder in the tfjs layers format (model.json + weights.bin), the same
 * files `tf.node.io.fileSystem` writes. Plain @tensorflow/tfjs has no file:// handler (that
 * lives in tfjs-node, which may not be installed), so this is a small fs IOHandler.
 *
 * The MammoSeg model config travels in model.json's `userDefinedMetadata.mammoseg`.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { modelJsonConfig } from '../../../shared/domain/modelConfig.js';
import { writeFileDurableAsync } from '../../core/storage/durable.js';
import type { ModelConfig } from './config.js';
// Side effect: registers DilatedConv2D with tf.serialization so model.json can be revived.
import './dilated-conv.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** IOHandler reading/writing `dir/model.json` and `dir/weights.bin`. */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('fileSystemHandler: binary (GraphDef) topologies are not supported');
      }
      await mkdir(dir, { recursive: true });
      const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        convertedBy: artifacts.convertedBy ?? null,
      };
      if (artifacts.userDefinedMetadata !== undefined) json.userDefinedMetadata = artifacts.userDefinedMetadata;
      if (artifacts.trainingConfig !== undefined) json.trainingConfig = artifacts.trainingConfig;
      // Weights first: a model.json present implies its weights are complete.
      // Durable writes (temp, fsync, rename, fsync folder): a crash never leaves a half-written
      // model.json, and the core renames the folder into place knowing its files are on disk.
      await writeFileDurableAsync(path.join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      await writeFileDurableAsync(path.join(dir, MODEL_JSON), JSON.stringify(json));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: JSON.stringify(json.modelTopology).length,
          weightSpecsBytes: JSON.stringify(json.weightsManifest).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(await readFile(path.join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON;
      const buffers: ArrayBuffer[] = [];
      const specs: tf.io.WeightsManifestEntry[] = [];
      for (const group of json.weightsManifest) {
        for (const p of group.paths) {
          const bytes = await readFile(path.join(dir, p));
          // Copy into a standalone ArrayBuffer: Node's Buffer may be a view on a shared pool.
          buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        }
        specs.push(...group.weights);
      }
      const artifacts: tf.io.ModelArtifacts = {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: tf.io.CompositeArrayBuffer.join(buffers),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
      };
      if (json.userDefinedMetadata !== undefined) artifacts.userDefinedMetadata = json.userDefinedMetadata;
      return artifacts;
    },
  };
}

/** Saves `model` (weights only, no optimizer state) with its MammoSeg config. */
export async function saveModel(model: tf.LayersModel, dir: string, config?: ModelConfig): Promise<void> {
  if (config !== undefined) model.setUserDefinedMetadata({ mammoseg: config });
  await model.save(fileSystemHandler(dir), { includeOptimizer: false });
}

export interface LoadedModel {
  model: tf.LayersModel;
  /** The config saved with it, if any. */
  config: ModelConfig | undefined;
}

export async function loadModel(dir: string): Promise<LoadedModel> {
  const model = await tf.loadLayersModel(fileSystemHandler(dir));
  return { model, config: modelJsonConfig({ userDefinedMetadata: model.getUserDefinedMetadata() }) ?? undefined };
}
