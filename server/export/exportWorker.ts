import { parentPort } from 'node:worker_threads';
import type { WorkshopSnapshot } from '../../shared/export/workshopSnapshot.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { ExportFormat } from '../../shared/protocol/index.ts';
import { renderExport } from './renderExport.ts';

/** Renders exports off the main thread (see renderExportOffThread.ts). */
const port = parentPort;
if (port) {
  port.on('message', (job: { id: number; snapshot: WorkshopSnapshot; format: ExportFormat; lang: Language }) => {
    renderExport(job.snapshot, job.format, job.lang).then(
      (file) => port.postMessage({ id: job.id, ok: true, result: file }),
      (error: unknown) => port.postMessage({ id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  });
}
