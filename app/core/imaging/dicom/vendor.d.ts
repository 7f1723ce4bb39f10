/**
 * Types for the codec packages, which ship none (the emscripten factories are plain JS and
 * jpeg-lossless-decoder-js points "types" at a file its release does not contain). Only the
 * members we call are declared; the shapes follow the calls made by cornerstone's
 * dicom-image-loader (shared/decoders/decodeJPEG2000.js, decodeJPEGLS.js, decodeJPEGBaseline8Bit.js).
 */

/** What every @cornerstonejs emscripten decoder (J2KDecoder, JpegLSDecoder, JPEGDecoder) offers. */
interface CornerstoneWasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}
interface CornerstoneWasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): CornerstoneWasmFrameInfo;
  getDecodedBuffer(): Uint8Array;
  delete?(): void;
}
interface CornerstoneWasmModuleOptions {
  locateFile?: (file: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  interface OpenJpegModule {
    J2KDecoder: new () => CornerstoneWasmDecoder;
    getExceptionMessage?(pointer: number): string;
  }
  const factory: (options?: CornerstoneWasmModuleOptions) => Promise<OpenJpegModule>;
  export default factory;
}

declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  interface CharlsModule {
    JpegLSDecoder: new () => CornerstoneWasmDecoder & { getNearLossless(): number };
    getExceptionMessage(pointer: number): string;
  }
  const factory: (options?: CornerstoneWasmModuleOptions) => Promise<CharlsModule>;
  export default factory;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  interface LibJpegTurboModule {
    JPEGDecoder: new () => CornerstoneWasmDecoder;
    getExceptionMessage?(pointer: number): string;
  }
  const factory: (options?: CornerstoneWasmModuleOptions) => Promise<LibJpegTurboModule>;
  export default factory;
}

declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    constructor(buffer?: ArrayBuffer | null, numBytes?: number);
    /** numBytes: bytes per output sample (1 or 2); returns Uint8Array or Uint16Array. */
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
    numComp: number;
    precision: number;
    xDim: number;
    yDim: number;
  }
}
