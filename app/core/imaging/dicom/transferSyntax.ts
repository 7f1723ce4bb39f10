/**
 * Transfer syntaxes we read (PS3.5 section 10 and annex A), and which decoder each one needs.
 * Anything not listed is refused with the UID and its name in the error.
 */

export type PixelEncoding =
  | 'native-le'
  | 'native-be'
  | 'encapsulated-uncompressed'
  | 'rle'
  | 'jpeg-baseline'
  | 'jpeg-extended'
  | 'jpeg-lossless'
  | 'jpeg-ls'
  | 'jpeg-2000';

export interface TransferSyntaxInfo {
  uid: string;
  name: string;
  encoding: PixelEncoding;
  /** Data set after the file meta is deflated (1.2.840.10008.1.2.1.99). */
  deflated?: boolean;
  lossy?: boolean;
}

const TABLE: TransferSyntaxInfo[] = [
  { uid: '1.2.840.10008.1.2', name: 'Implicit VR Little Endian', encoding: 'native-le' },
  { uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian', encoding: 'native-le' },
  { uid: '1.2.840.10008.1.2.1.99', name: 'Deflated Explicit VR Little Endian', encoding: 'native-le', deflated: true },
  { uid: '1.2.840.10008.1.2.2', name: 'Explicit VR Big Endian (retired)', encoding: 'native-be' },
  { uid: '1.2.840.10008.1.2.1.98', name: 'Encapsulated Uncompressed Explicit VR Little Endian', encoding: 'encapsulated-uncompressed' },
  { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', encoding: 'rle' },
  { uid: '1.2.840.10008.1.2.4.50', name: 'JPEG Baseline (Process 1)', encoding: 'jpeg-baseline', lossy: true },
  { uid: '1.2.840.10008.1.2.4.51', name: 'JPEG Extended (Process 2 & 4)', encoding: 'jpeg-extended', lossy: true },
  { uid: '1.2.840.10008.1.2.4.57', name: 'JPEG Lossless, Non-Hierarchical (Process 14)', encoding: 'jpeg-lossless' },
  {
    uid: '1.2.840.10008.1.2.4.70',
    name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [SV1])',
    encoding: 'jpeg-lossless',
  },
  { uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless', encoding: 'jpeg-ls' },
  { uid: '1.2.840.10008.1.2.4.81', name: 'JPEG-LS Lossy (Near-Lossless)', encoding: 'jpeg-ls', lossy: true },
  { uid: '1.2.840.10008.1.2.4.90', name: 'JPEG 2000 Image Compression (Lossless Only)', encoding: 'jpeg-2000' },
  { uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000 Image Compression', encoding: 'jpeg-2000', lossy: true },
];

/** Names for syntaxes we recognise but do not decode, so the refusal can say what the file is. */
const KNOWN_UNSUPPORTED: Record<string, string> = {
  '1.2.840.10008.1.2.4.92': 'JPEG 2000 Part 2 Multi-component (Lossless Only)',
  '1.2.840.10008.1.2.4.93': 'JPEG 2000 Part 2 Multi-component',
  '1.2.840.10008.1.2.4.94': 'JPIP Referenced',
  '1.2.840.10008.1.2.4.95': 'JPIP Referenced Deflate',
  '1.2.840.10008.1.2.4.100': 'MPEG2 Main Profile / Main Level',
  '1.2.840.10008.1.2.4.101': 'MPEG2 Main Profile / High Level',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264 High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.103': 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless Only)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
};

const BY_UID = new Map(TABLE.map((t) => [t.uid, t]));

export function transferSyntaxInfo(uid: string): TransferSyntaxInfo | undefined {
  return BY_UID.get(uid);
}

export function transferSyntaxName(uid: string): string {
  return BY_UID.get(uid)?.name ?? KNOWN_UNSUPPORTED[uid] ?? 'unknown transfer syntax';
}

export const SUPPORTED_TRANSFER_SYNTAXES: readonly TransferSyntaxInfo[] = TABLE;
