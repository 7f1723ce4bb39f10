/**
 * Compressed-frame decoders. Each wasm module is instantiated once, on first use, and its
 * decoder object reused (the cornerstone dicom-image-loader pattern); concurrent first calls share
 * one initialisation promise. Every decoder returns interleaved samples, little endian, in a
 * fresh array (wasm heap views are copied out before the next decode reuses the heap).
 *
 * | syntax                         | package                                              |
 * |--------------------------------|------------------------------------------------------|
 * | JPEG Baseline / Extended 8-bit | @cornerstonejs/codec-libjpeg-turbo-8bit (wasm)       |
 * | JPEG Extended 12-bit           | @cornerstonejs/dicom-image-loader codecs/jpeg.js (JS) |
 * | JPEG Lossless (process 14)     | jpeg-lossless-decoder-js                             |
 * | JPEG-LS (lossless, near-loss.) | @cornerstonejs/codec-charls (wasm)                   |
 * | JPEG 2000 (lossless, lossy)    | @cornerstonejs/codec-openjpeg (wasm)                 |
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import openJpegFactory from '@cornerstonejs/codec-openjpeg/decodewasmjs';
import charlsFactory from '@cornerstonejs/codec-charls/decodewasmjs';
import libjpegTurboFactory from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
import { Decoder as JpegLosslessDecoder } from 'jpeg-lossless-decoder-js';

export interface DecodedFrame {
  width: number;
  height: number;
  /** Sample precision the codestream declares. */
  bitsPerSample: number;
  components: number;
  /** Interleaved samples; Uint8Array when bitsPerSample <= 8, else Uint16Array. */
  samples: Uint8Array | Uint16Array;
  /** JPEG-LS NEAR parameter, when the codec reports it (0 = lossless). */
  nearLossless?: number;
}

function once<T>(init: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= init().catch((error: unknown) => {
      pending = undefined; // let a later call retry a failed initialisation
      throw error;
    });
    return pending;
  };
}

/** OpenJPEG prints "[INFO] ..." lines on stdout; keep the console for our own output. */
const quiet = { print: () => {}, printErr: () => {} };
const openJpeg = once(async () => new (await openJpegFactory(quiet)).J2KDecoder());
const charls = once(async () => {
  const module = await charlsFactory(quiet);
  return { module, decoder: new module.JpegLSDecoder() };
});
const libjpegTurbo = once(async () => new (await libjpegTurboFactory(quiet)).JPEGDecoder());

interface JpegImage12 {
  parse(data: Uint8Array): void;
  colorTransform: boolean | undefined;
  width: number;
  height: number;
  components: unknown[];
  getData(width: number, height: number): Uint8Array;
  getData16(width: number, height: number): Uint16Array;
}
/**
 * The 12-bit JPEG decoder that dicom-image-loader ships is not in its package "exports", so it is
 * found through the exported package.json and imported by file URL.
 */
const jpeg12 = once(async () => {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@cornerstonejs/dicom-image-loader/package.json');
  const file = path.join(path.dirname(pkg), 'dist', 'esm', 'codecs', 'jpeg.js');
  const module = (await import(pathToFileURL(file).href)) as { default: new () => JpegImage12 };
  return module.default;
});

/** Copies the wasm output out of the heap and types it by sample width. */
function copyOut(buffer: Uint8Array, bitsPerSample: number): Uint8Array | Uint16Array {
  const copy = buffer.slice();
  return bitsPerSample > 8 ? new Uint16Array(copy.buffer, 0, copy.byteLength >> 1) : copy;
}

function wasmDecode(decoder: CornerstoneWasmDecoder, data: Uint8Array): { frame: DecodedFrame; decoder: CornerstoneWasmDecoder } {
  decoder.getEncodedBuffer(data.length).set(data);
  decoder.decode();
  const info = decoder.getFrameInfo();
  return {
    decoder,
    frame: {
      width: info.width,
      height: info.height,
      bitsPerSample: info.bitsPerSample,
      components: info.componentCount,
      samples: copyOut(decoder.getDecodedBuffer(), info.bitsPerSample),
    },
  };
}

export async function decodeJpeg2000(data: Uint8Array): Promise<DecodedFrame> {
  return wasmDecode(await openJpeg(), data).frame;
}

export async function decodeJpegLs(data: Uint8Array): Promise<DecodedFrame> {
  const { module, decoder } = await charls();
  try {
    const { frame } = wasmDecode(decoder, data);
    return { ...frame, nearLossless: decoder.getNearLossless() };
  } catch (error) {
    // CharLS throws a pointer to a C++ exception; ask the module for its text.
    throw typeof error === 'number' ? new Error(module.getExceptionMessage(error)) : error;
  }
}

export async function decodeJpeg8(data: Uint8Array): Promise<DecodedFrame> {
  return wasmDecode(await libjpegTurbo(), data).frame;
}

export async function decodeJpeg12(data: Uint8Array): Promise<DecodedFrame> {
  const JpegImage = await jpeg12();
  const jpeg = new JpegImage();
  jpeg.parse(data);
  jpeg.colorTransform = false; // DICOM says what the colour space is, not the JFIF/Adobe markers
  return {
    width: jpeg.width,
    height: jpeg.height,
    bitsPerSample: 12,
    components: jpeg.components.length,
    samples: jpeg.getData16(jpeg.width, jpeg.height),
  };
}

export function decodeJpegLossless(data: Uint8Array, bitsAllocated: number): DecodedFrame {
  const decoder = new JpegLosslessDecoder();
  // The decoder reads through a DataView over the ArrayBuffer, so pass the view's window.
  const out = decoder.decode(data.buffer as ArrayBuffer, data.byteOffset, data.length, bitsAllocated <= 8 ? 1 : 2);
  return {
    width: decoder.xDim,
    height: decoder.yDim,
    bitsPerSample: decoder.precision,
    components: decoder.numComp,
    samples: out,
  };
}

/** Warms the wasm codecs (optional: each initialises itself on first use). */
export async function initCodecs(): Promise<void> {
  await Promise.all([openJpeg(), charls(), libjpegTurbo(), jpeg12()]);
}
