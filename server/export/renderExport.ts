import { buildReportModel } from '../../shared/export/reportModel.ts';
import { renderCsv } from '../../shared/export/renderCsv.ts';
import { printStylesheet, renderHtml } from '../../shared/export/renderHtml.ts';
import { renderJson } from '../../shared/export/renderJson.ts';
import { renderMarkdown } from '../../shared/export/renderMarkdown.ts';
import type { WorkshopSnapshot } from '../../shared/export/workshopSnapshot.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { loadCatalogue } from '../../shared/i18n/translate.ts';
import type { ExportFormat } from '../../shared/protocol/index.ts';
import { renderDocx } from './renderDocx.ts';

export interface ExportFile {
  body: Buffer;
  contentType: string;
  extension: string;
  /** The printable page's inline stylesheet (its CSP hash), else null. */
  stylesheet: string | null;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** One snapshot in one format and language, on this thread (the route goes through renderExportOffThread). */
export async function renderExport(snapshot: WorkshopSnapshot, format: ExportFormat, lang: Language): Promise<ExportFile> {
  const catalogue = await loadCatalogue(lang);
  switch (format) {
    case 'json':
      return { body: utf8(renderJson(snapshot)), contentType: 'application/json; charset=utf-8', extension: 'json', stylesheet: null };
    case 'csv':
      return { body: utf8(renderCsv(snapshot, catalogue, lang)), contentType: 'text/csv; charset=utf-8', extension: 'csv', stylesheet: null };
    case 'md': {
      const report = buildReportModel(snapshot, catalogue, lang);
      return { body: utf8(renderMarkdown(report)), contentType: 'text/markdown; charset=utf-8', extension: 'md', stylesheet: null };
    }
    case 'html': {
      const report = buildReportModel(snapshot, catalogue, lang);
      return { body: utf8(renderHtml(report)), contentType: 'text/html; charset=utf-8', extension: 'html', stylesheet: printStylesheet(report) };
    }
    case 'docx': {
      const report = buildReportModel(snapshot, catalogue, lang);
      return {
        body: await renderDocx(report),
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        extension: 'docx',
        stylesheet: null,
      };
    }
  }
}
