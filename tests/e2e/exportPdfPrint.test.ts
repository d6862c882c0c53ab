import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { printToPdfText } from '../helpers/pdfText.ts';
import { HOSTILE, LONG_NOTE, TEXTS, richWorkshop } from '../fixtures/richWorkshop.ts';
import { renderAsText } from '../fixtures/renderFixture.ts';

/** pdftotext breaks lines where the page wrapped them and marks embedded directions: compare without either. */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const fold = (text: string) => text.replace(BIDI_CONTROLS, '').replace(/\s+/g, '');

describe('the printable page printed to PDF by Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('holds every heading and note, uncut, with page numbers and no control', async () => {
    const { text, pages } = await printToPdfText(browser, await renderAsText(richWorkshop(), 'html', 'es'));
    const all = fold(text);
    for (const note of [TEXTS.es, TEXTS.fr, TEXTS.pt, TEXTS.quotes, LONG_NOTE, HOSTILE.img, HOSTILE.link, HOSTILE.formula]) {
      expect(all).toContain(fold(note));
    }
    for (const label of ['Quiénes participaron', '1. Compromiso y liderazgo', '10. Relación con el sector privado', 'Resumen del relator', 'Final — congelado el']) {
      expect(all).toContain(fold(label));
    }
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain(`Página 1 de ${pages}`);
    expect(text).toContain(`Página ${pages} de ${pages}`);
    expect(text).not.toMatch(/Descargar|Exportar/);
  });

  it('prints an Arabic report with Arabic headings and page numbers', async () => {
    const { text, pages } = await printToPdfText(browser, await renderAsText(richWorkshop(), 'html', 'ar'));
    expect(text).toContain('المشاركون في الورشة');
    expect(fold(text)).toContain(fold(TEXTS.ar));
    // Visual order varies with the line's direction: each page's footer holds its number and the total.
    const footers = text.split('\n').map((line) => line.replace(BIDI_CONTROLS, '')).filter((line) => line.includes('الصفحة'));
    expect(footers).toHaveLength(pages);
    footers.forEach((line, i) => expect(line.match(/\d+/g)?.map(Number).sort((a, b) => a - b)).toEqual([i + 1, pages].sort((a, b) => a - b)));
  });
});
