// shared/ is compiled without DOM or Node types (it must run in both). Both runtimes provide
// the WHATWG encoding API, so declare just the part shared/ uses.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
