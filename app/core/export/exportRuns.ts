/**
 * The exports a host has going, so the UI can stop them (cancelExport) as Ctrl+C stops the CLI's.
 * Cancel stops all of them: the UI runs one at a time and has no id to name it by.
 */
import type { ExportRequest, ExportResult } from '../../../shared/domain/export.js';
import type { Core } from '../core.js';
import { exportForRequest } from './exportRequest.js';

export class ExportRuns {
  private readonly running = new Set<AbortController>();

  constructor(private readonly core: Core) {}

  async run(request: ExportRequest): Promise<ExportResult> {
    const controller = new AbortController();
    this.running.add(controller);
    try {
      return await exportForRequest(this.core, request, { signal: controller.signal });
    } finally {
      this.running.delete(controller);
    }
  }

  /** How many were stopped. */
  cancelAll(): number {
    const cancelled = this.running.size;
    for (const controller of this.running) controller.abort();
    return cancelled;
  }
}
