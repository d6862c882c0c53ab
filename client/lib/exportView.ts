import type { ExportDownload, ExportRequest } from './exportDownload.ts';
import type { Outcome } from './workshopView.ts';

/** What the export controls need of a workshop view. */
export interface ExportView {
  /** Facilitator command: may observers download exports? */
  allowObserversToExport(allowed: boolean): Promise<Outcome>;
  /** Downloads one export with this person's session token. */
  downloadExport(request: ExportRequest): Promise<ExportDownload>;
}
