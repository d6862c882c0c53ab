import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { buildReportModel } from '../../shared/export/reportModel.ts';
import { loadCatalogue } from '../../shared/i18n/translate.ts';
import { renderDocx } from '../../server/export/renderDocx.ts';
import { allNoteTexts, TEXTS, richWorkshop } from '../fixtures/richWorkshop.ts';

async function docx(lang: 'es' | 'ar' | 'fr', anonymous = false): Promise<Buffer> {
  return renderDocx(buildReportModel(richWorkshop({ anonymous }), await loadCatalogue(lang), lang));
}

/** The paragraphs of word/document.xml that contain a text. */
async function paragraphsWith(file: Buffer, text: string): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(file)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g)].map((m) => m[0]).filter((p) => p.includes(text));
}

describe('the Word report read back by mammoth', () => {
  it('holds every note, word for word, with Spanish headings and factor names', async () => {
    const { value, messages } = await mammoth.extractRawText({ buffer: await docx('es') });
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    for (const note of allNoteTexts(richWorkshop())) {
      for (const line of note.split('\n')) expect(value).toContain(line);
    }
    for (const label of ['Quiénes participaron', 'Facilitadores', '6. Auditoría e investigación', 'Fusionadas en esta nota (2):', 'Resumen del relator', 'Acciones']) {
      expect(value).toContain(label);
    }
    expect(value).toContain('Final — congelado el');
    expect(value).toContain('Funcionarios de aduanas: 61% favorable (n = 612)');
  });

  it('keeps an Arabic note right to left in a Spanish report, and lays out an Arabic report right to left', async () => {
    const [arabicNote] = await paragraphsWith(await docx('es'), TEXTS.ar);
    expect(arabicNote).toContain('<w:bidi/>');
    expect(arabicNote).toContain('<w:rtl/>');
    const [spanishNote] = await paragraphsWith(await docx('es'), 'Fortaleza del factor 1<');
    expect(spanishNote).not.toContain('<w:bidi/>');

    const arabic = await docx('ar');
    const { value } = await mammoth.extractRawText({ buffer: arabic });
    expect(value).toContain('المشاركون في الورشة');
    const [heading] = await paragraphsWith(arabic, 'المشاركون في الورشة');
    expect(heading).toContain('<w:bidi/>');
  });

  it('names nobody beside a note on anonymous workshops', async () => {
    const { value } = await mammoth.extractRawText({ buffer: await docx('fr', true) });
    for (const name of ['Ana Pérez', 'Jean Dupont', 'João Silva', 'ليلى']) expect(value).not.toContain(name);
    expect(value).toContain('Atelier anonyme');
  });
});
