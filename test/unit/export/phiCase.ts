/**
 * A case that carries made-up identity everywhere an export could leak it: the file name and
 * path, the DICOM patient, study and physician attributes, the UIDs, and the reviewer's name.
 */
import { createHash } from 'node:crypto';
import { openCore, type Core } from '../../../app/core/core.js';
import { part10, writeElements, type El } from '../../fixtures/imaging/dicomWriter.js';
import { tempDir } from '../../support/paths.js';
import { SCHEMA } from './helpers.js';

export const PHI = {
  fileName: 'DOE_JANE_PID12345.dcm',
  sourcePath: '/site/incoming/DOE_JANE_PID12345.dcm',
  patientName: 'DOE^JANE',
  patientId: 'PID12345',
  birthDate: '19610302',
  accession: 'ACC778899',
  physician: 'HOUSE^GREGORY',
  studyDate: '20230415',
  studyTime: '101530.25',
  studyUid: '1.2.826.0.1.3680043.99.4242.1',
  seriesUid: '1.2.826.0.1.3680043.99.4242.2',
  sopUid: '1.2.826.0.1.3680043.99.4242.3',
  reviewer: 'QUINCY_REVIEWER',
} as const;

const SIZE = 16;

/** A 16x16 MONOCHROME2 mammogram-like DICOM with the identity above. */
export function phiDicom(): Uint8Array {
  const pixels = new Uint8Array(SIZE * SIZE * 2);
  for (let i = 0; i < SIZE * SIZE; i++) pixels[i * 2] = (i * 7) & 0xff;
  const elements: El[] = [
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.1.2' },
    { tag: 0x00080018, vr: 'UI', value: PHI.sopUid },
    { tag: 0x00080020, vr: 'DA', value: PHI.studyDate },
    { tag: 0x00080030, vr: 'TM', value: PHI.studyTime },
    { tag: 0x00080050, vr: 'SH', value: PHI.accession },
    { tag: 0x00080060, vr: 'CS', value: 'MG' },
    { tag: 0x00080090, vr: 'PN', value: PHI.physician },
    { tag: 0x00100010, vr: 'PN', value: PHI.patientName },
    { tag: 0x00100020, vr: 'LO', value: PHI.patientId },
    { tag: 0x00100030, vr: 'DA', value: PHI.birthDate },
    { tag: 0x00100040, vr: 'CS', value: 'F' },
    { tag: 0x0020000d, vr: 'UI', value: PHI.studyUid },
    { tag: 0x0020000e, vr: 'UI', value: PHI.seriesUid },
    { tag: 0x00200062, vr: 'CS', value: 'L' },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [SIZE] },
    { tag: 0x00280011, vr: 'US', value: [SIZE] },
    { tag: 0x00280100, vr: 'US', value: [16] },
    { tag: 0x00280101, vr: 'US', value: [12] },
    { tag: 0x00280102, vr: 'US', value: [11] },
    { tag: 0x00280103, vr: 'US', value: [0] },
    { tag: 0x7fe00010, vr: 'OW', value: pixels },
  ];
  return part10('1.2.840.10008.1.2.1', writeElements(elements), '1.2.840.10008.5.1.4.1.1.1.2');
}

/** A label map with both classes of SCHEMA. */
export function phiLabels(): Uint8Array {
  const labels = new Uint8Array(SIZE * SIZE);
  for (let y = 3; y < 9; y++) labels.fill(1, y * SIZE + 2, y * SIZE + 8);
  for (let y = 10; y < 14; y++) labels.fill(2, y * SIZE + 9, y * SIZE + 14);
  return labels;
}

/** A data folder holding the PHI case, corrected by the made-up reviewer. */
export async function phiDataFolder(
  dataDir = tempDir(),
  as: { name: string; sourcePath: string | null } = { name: PHI.fileName, sourcePath: PHI.sourcePath },
): Promise<{ core: Core; projectId: number; caseId: number; fileSha256: string }> {
  const core = openCore({ dataDir, clientPaths: 'refused' });
  const projectId = core.projectRepository.create('Screening', SCHEMA).id;
  const bytes = phiDicom();
  const outcome = await core.importer.importOne(projectId, as.name, bytes, as.sourcePath);
  if (outcome.kind !== 'imported') throw new Error(`import of the PHI fixture failed: ${JSON.stringify(outcome)}`);
  const caseId = outcome.summary.id;
  core.masks.saveLabels(caseId, phiLabels(), PHI.reviewer, 'user');
  core.reviewRepository.setState(caseId, 'corrected', null, PHI.reviewer);
  return { core, projectId, caseId, fileSha256: createHash('sha256').update(bytes).digest('hex') };
}
