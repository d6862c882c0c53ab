import { parentPort } from 'node:worker_threads';
import type { ReportModel } from '../../shared/export/reportModel.ts';
import { renderDocx } from './renderDocx.ts';

/** Renders Word reports off the main thread (see renderDocxOffThread.ts). */
const port = parentPort;
if (port) {
  port.on('message', (job: { id: number; report: ReportModel }) => {
    renderDocx(job.report).then(
      (buffer) => port.postMessage({ id: job.id, ok: true, bytes: buffer }),
      (error: unknown) => port.postMessage({ id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
  });
}
