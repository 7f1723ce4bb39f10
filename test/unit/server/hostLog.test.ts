import { describe, expect, it } from 'vitest';
import { describeError, describeTargets, requestFailedLine } from '../../../app/core/api/hostLog.js';
import { dispatch } from '../../../app/core/api/dispatch.js';
import type { Handlers } from '../../../app/core/api/handlers.js';

const PHI = /DOE|JANE|PID12345/i;

describe('host log lines', () => {
  it('describe an error by class, code and code location, never by its message', () => {
    const error = Object.assign(new Error('cannot read /scans/DOE_JANE_PID12345.dcm:\n    at DOE^JANE'), { code: 'ENOENT' });
    const line = describeError(error);
    expect(line).toMatch(/^Error \[ENOENT\] at .*hostLog\.test\.ts:\d+/);
    expect(line).not.toMatch(PHI);
  });

  it('name cases and projects by their numeric ids only', () => {
    expect(describeTargets({ projectId: 3, caseId: 7, outDir: '/exports/DOE_JANE' })).toBe('project 3 case 7');
    expect(describeTargets({ caseIds: Array.from({ length: 10 }, (_, i) => i + 1) })).toBe('case 1,2,3,4,5,6,7,8 (+2 more)');
    expect(
      requestFailedLine('importFiles', { projectId: 1, files: [{ name: 'DOE_JANE_PID12345.png' }] }, new TypeError('DOE_JANE')),
    ).toMatch(/^importFiles failed \(internal\) for project 1: TypeError at /);
  });

  it('dispatch logs an unexpected failure without the message it returns to the UI', async () => {
    const lines: string[] = [];
    const handlers = {
      getCase: () => {
        throw new Error('decoding DOE_JANE_PID12345.dcm failed');
      },
    } as unknown as Handlers;
    const result = await dispatch(handlers, 'getCase', { caseId: 42 }, (line) => lines.push(line));
    expect(result.ok || result.error.message).toContain('DOE_JANE_PID12345.dcm');
    expect(lines).toEqual([expect.stringMatching(/^getCase failed \(internal\) for case 42: Error at /)]);
    expect(lines.join('\n')).not.toMatch(PHI);
  });
});
