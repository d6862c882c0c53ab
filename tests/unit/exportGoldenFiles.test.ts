import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/i18n/languages.ts';
import type { ExportFormat } from '../../shared/protocol/index.ts';
import { richWorkshop } from '../fixtures/richWorkshop.ts';
import { renderAsText } from '../fixtures/renderFixture.ts';

/**
 * Each format of the rich fixture compared with a reviewed file in tests/golden/export. After an
 * intended change, regenerate with `UPDATE_GOLDEN=1 npx vitest run tests/unit/exportGoldenFiles.test.ts`
 * and review the diff. Word files are compared as the text mammoth reads back.
 */
const GOLDEN_DIR = path.join(import.meta.dirname, '../golden/export');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

const CASES: { name: string; format: ExportFormat; lang: Language; anonymous?: boolean }[] = [
  { name: 'named.es.md', format: 'md', lang: 'es' },
  { name: 'named.fr.md', format: 'md', lang: 'fr' },
  { name: 'named.en.csv', format: 'csv', lang: 'en' },
  { name: 'anonymous.es.csv', format: 'csv', lang: 'es', anonymous: true },
  { name: 'named.es.html', format: 'html', lang: 'es' },
  { name: 'named.ar.html', format: 'html', lang: 'ar' },
  { name: 'named.json', format: 'json', lang: 'en' },
  { name: 'anonymous.json', format: 'json', lang: 'en', anonymous: true },
  { name: 'named.es.docx.txt', format: 'docx', lang: 'es' },
  { name: 'anonymous.pt.docx.txt', format: 'docx', lang: 'pt', anonymous: true },
];

describe('export formats match their golden files', () => {
  it.each(CASES)('$name', async ({ name, format, lang, anonymous }) => {
    const actual = await renderAsText(richWorkshop({ anonymous }), format, lang);
    const file = path.join(GOLDEN_DIR, name);
    if (UPDATE || !existsSync(file)) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, actual);
      if (!UPDATE) throw new Error(`golden file ${name} was missing: written, review it and run again`);
    }
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });
});
