import { afterAll, describe, expect, it } from 'vitest';
import { renderExport } from '../../server/export/renderExport.ts';
import { ExportWorker } from '../../server/export/renderExportOffThread.ts';
import { richWorkshop } from '../fixtures/richWorkshop.ts';

describe('the export worker thread', () => {
  const worker = new ExportWorker();
  afterAll(() => worker.close());

  it.each(['md', 'csv', 'html', 'json'] as const)('renders %s exactly as the main thread would', async (format) => {
    const [off, on] = await Promise.all([worker.render(richWorkshop(), format, 'es'), renderExport(richWorkshop(), format, 'es')]);
    expect(off.body.toString('utf8')).toBe(on.body.toString('utf8'));
    expect({ ...off, body: null }).toEqual({ ...on, body: null });
  });

  it('renders a Word report (a zip file)', async () => {
    const file = await worker.render(richWorkshop(), 'docx', 'ar');
    expect(file.body.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(file.contentType).toContain('wordprocessingml');
  });
});
