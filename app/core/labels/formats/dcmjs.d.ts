/**
 * dcmjs ships no types. Only the members the DICOM SEG writer calls are declared (dcmjs 0.52:
 * data.DicomDict, data.DicomMetaDictionary); the dataset shapes are dcmjs's "naturalized" JSON.
 */
declare module 'dcmjs' {
  type Naturalized = Record<string, unknown>;
  namespace data {
    class DicomDict {
      constructor(meta: Naturalized);
      dict: Naturalized;
      meta: Naturalized;
      write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
    }
    const DicomMetaDictionary: {
      denaturalizeDataset(dataset: Naturalized): Naturalized;
      naturalizeDataset(dataset: Naturalized): Naturalized;
      /** The standard data dictionary by "(GGGG,EEEE)" (upper-case hex); used by cases/dicomHeader.ts. */
      dictionary: Record<string, { tag: string; vr: string; name: string } | undefined>;
    };
  }
  const dcmjs: { data: typeof data };
  export default dcmjs;
  export { data };
}
