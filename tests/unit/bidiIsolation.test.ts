import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FSI, PDI, isolatedMessage, messageParts } from '../../shared/i18n/isolate.ts';
import { loadCatalogue } from '../../shared/i18n/translate.ts';

const LATIN_TITLE = 'Customs "Integrity" 2026 – HQ (draft)';

describe('user text inside translated messages is isolated', () => {
  it('a Latin title inside an Arabic message is its own part, isolated, with the Arabic quotes around it untouched', async () => {
    const ar = await loadCatalogue('ar');
    const parts = messageParts(ar, 'join.headingWithTitle', { title: LATIN_TITLE });
    expect(parts).toEqual([
      { text: 'الانضمام إلى «', isolated: false },
      { text: LATIN_TITLE, isolated: true },
      { text: '»', isolated: false },
    ]);
    expect(isolatedMessage(ar, 'join.headingWithTitle', { title: LATIN_TITLE })).toBe(`الانضمام إلى «${FSI}${LATIN_TITLE}${PDI}»`);
  });

  it('isolates every filled-in string but not numbers, and leaves unknown placeholders visible', async () => {
    const ar = await loadCatalogue('ar');
    const session = isolatedMessage(ar, 'facilitation.sessions.label', { name: 'Ana María', role: 'مشارك', number: 2 });
    expect(session).toContain(`${FSI}Ana María${PDI}`);
    expect(session).toContain('2');
    expect(session).not.toContain(`${FSI}2${PDI}`);
    expect(messageParts(ar, 'join.headingWithTitle').map((p) => p.text).join('')).toContain('{title}');
  });

  it('no client component puts a title, name, administration, board, group, label or text into visible text without isolation', () => {
    const root = path.join(import.meta.dirname, '../../client/components');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.svelte'));
    const offending: string[] = [];
    // `>{t('key', { title: … })}` — a message with user text written straight into the markup.
    const direct = />\s*\{t\('[\w.]+', \{[^}]*\b(title|name|administration|board|group|label|text|from|into):/;
    for (const file of files) {
      const lines = readFileSync(path.join(root, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (direct.test(line)) offending.push(`${file}:${i + 1}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
