/**
 * Image facts that cross from the core to the renderer. Pure data + zod schemas: the renderer
 * applies the display mapping (modality LUT -> VOI -> photometric) at view time, so window/level
 * can change without re-decoding. Pixels themselves travel as bytes, described by PixelMeta.
 */
import { z } from 'zod';

/** Typed-array type of the stored (pre-modality-LUT) pixel values, little endian, row-major. */
export const PixelTypeSchema = z.enum(['uint8', 'int8', 'uint16', 'int16']);
export type PixelType = z.infer<typeof PixelTypeSchema>;

export const PhotometricSchema = z.enum(['MONOCHROME1', 'MONOCHROME2']);
export type Photometric = z.infer<typeof PhotometricSchema>;

/** Modality LUT (C.11.1): linear rescale, or an explicit table (Modality LUT Sequence). */
export const ModalityLutSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linear'), slope: z.number(), intercept: z.number(), unit: z.string().optional() }),
  z.object({
    kind: z.literal('table'),
    /** First stored value mapped (may be negative when the descriptor says so). */
    firstValueMapped: z.number().int(),
    bitsPerEntry: z.number().int(),
    data: z.array(z.number()),
  }),
]);
export type ModalityLut = z.infer<typeof ModalityLutSchema>;

/** One VOI transform the file offers (C.11.2): a window or a LUT table. */
export const VoiSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('window'),
    center: z.number(),
    width: z.number(),
    fn: z.enum(['LINEAR', 'LINEAR_EXACT', 'SIGMOID']),
    explanation: z.string().optional(),
  }),
  z.object({
    kind: z.literal('table'),
    firstValueMapped: z.number().int(),
    bitsPerEntry: z.number().int(),
    data: z.array(z.number()),
    explanation: z.string().optional(),
  }),
]);
export type Voi = z.infer<typeof VoiSchema>;

/** Describes a pixel buffer handed to the renderer. */
export const PixelMetaSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  pixelType: PixelTypeSchema,
  bitsStored: z.number().int().min(1).max(16),
  photometric: PhotometricSchema,
  modalityLut: ModalityLutSchema,
  /** VOI transforms from the file, in file order; empty when the file has none. */
  vois: z.array(VoiSchema),
  /** Min / max stored value, for an automatic window. */
  min: z.number(),
  max: z.number(),
});
export type PixelMeta = z.infer<typeof PixelMetaSchema>;

export const LateralitySchema = z.enum(['L', 'R']);
export type Laterality = z.infer<typeof LateralitySchema>;
