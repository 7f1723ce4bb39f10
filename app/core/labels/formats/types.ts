/**
 * The shape every label format module exports: its name and the directions it supports. Formats
 * differ in what they carry (a PNG holds one label map, a COCO file many, a SEG needs its source
 * DICOM), so `read` and `write` keep each format's own signature; the shared part is that a
 * format converts and nothing more. Walking folders, matching cases and storing revisions is the
 * importers' job (labels/import), staging and manifests the export's (core/export).
 *
 * A label map is row-major class indices (0 = background), one byte per pixel.
 */
export interface LabelFormat<Read = never, Write = never> {
  /** The name the CLI, the request schema and the manifest use. */
  readonly name: string;
  /** File contents -> label map(s); absent for a format that is only written. */
  readonly read?: Read;
  /** Label map(s) -> file contents; absent for a format that is only imported. */
  readonly write?: Write;
}

/** The size a read label map must have: the case it is stored for. */
export interface ExpectedSize {
  width: number;
  height: number;
  /** The case's name, for the error when the sizes differ. */
  name: string;
}
