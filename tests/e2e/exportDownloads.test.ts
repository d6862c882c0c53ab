import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import mammoth from 'mammoth';
import MarkdownIt from 'markdown-it';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import { loadCatalogue, type Catalogue } from '../../shared/i18n/translate.ts';
import { newPersonContext } from '../helpers/browser.ts';
import { printToPdfText } from '../helpers/pdfText.ts';
import { createWorkshop, joinAs } from '../helpers/workshops.ts';
import { joinStep, useServerAndBrowser } from './browserSteps.ts';

const NOTES = [
  { row: 'hrm', column: 'gaps', text: 'Los ascensos dependen de contactos, no del mérito' },
  { row: 'transparency', column: 'strengths', text: 'Les décisions sont publiées « en ligne »' },
  { row: 'automation', column: 'gaps', text: '=HYPERLINK("http://x.example") <img src=x onerror=alert(1)>' },
];

/** Chooses, in the export section, by the labels a person reads in `catalogue`'s language. */
async function downloadAs(page: Page, catalogue: Catalogue, format: string, lang: Language): Promise<{ name: string; bytes: Buffer }> {
  const section = page.getByRole('region', { name: catalogue['export.section.heading'] });
  await section.getByLabel(catalogue['export.format.label']).selectOption(format);
  await section.getByLabel(catalogue['export.language.label']).selectOption(lang);
  await section.getByLabel(catalogue['export.board.label']).selectOption({ label: catalogue['export.board.all'] });
  const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: catalogue['export.download'] }).click()]);
  const path = await download.path();
  await expect.poll(() => section.getByRole('status').first().textContent()).toContain(download.suggestedFilename());
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

/** What a person would read in the file: the Word text, the PDF printed from the page, or the text itself. */
async function readableText(ctx: ReturnType<typeof useServerAndBrowser>, format: string, bytes: Buffer): Promise<string> {
  if (format === 'docx') return (await mammoth.extractRawText({ buffer: bytes })).value;
  if (format === 'html') return (await printToPdfText(ctx.browser, bytes.toString('utf8'))).text.replace(/\s+/g, ' ');
  const text = bytes.toString('utf8');
  if (format === 'csv') return (parse(text, { bom: true, relax_column_count: true }) as string[][]).flat().join('\n');
  if (format === 'md') {
    const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' };
    return new MarkdownIt().render(text).replace(/<[^>]+>/g, '').replace(/&(lt|gt|quot|amp);/g, (e) => entities[e]!);
  }
  return text;
}

describe('the rapporteur downloads the report from the browser', () => {
  const ctx = useServerAndBrowser();

  it('in Spanish, French and English, as Word, PDF (printable page), Markdown, CSV and JSON, holding every note', async () => {
    const workshop = await createWorkshop(ctx.server, { title: 'SENAE: cultura de integridad', languages: ['es', 'fr', 'en'] });
    const participant = await joinAs(ctx.server, workshop, 'participant', 'Ana', 'Operaciones');
    const entry = await ctx.server.services.registry.peek(workshop.id);
    const boardId = readBoards(entry!.doc)[0]!.id;
    for (const note of NOTES) expect((await participant.send('note.add', { boardId, ...note })).ok).toBe(true);
    participant.close();

    const page = await (await newPersonContext(ctx.browser)).newPage();
    await page.goto(`${ctx.server.url}/w/${workshop.id}#k=${workshop.secrets.rapporteur}`);
    await joinStep(page, 'Lucía', 'SENAE');

    for (const lang of ['es', 'fr', 'en'] as const) {
      const catalogue = await loadCatalogue(lang);
      await page.getByTestId('language-select').first().selectOption(lang);
      await page.getByRole('region', { name: catalogue['export.section.heading'] }).waitFor();
      for (const format of ['docx', 'html', 'md', 'csv', 'json']) {
        const file = await downloadAs(page, catalogue, format, lang);
        expect(file.name).toMatch(new RegExp(`^SENAE-cultura-de-integridad-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
        const text = await readableText(ctx, format, file.bytes);
        for (const note of NOTES) {
          const expected = format === 'json' ? JSON.stringify(note.text).slice(1, -1) : note.text;
          expect(text, `${lang} ${format}`).toContain(expected);
        }
        if (format !== 'json') expect(text, `${lang} ${format}`).toContain(catalogue['factor.hrm.name']);
      }
    }
  });
});
