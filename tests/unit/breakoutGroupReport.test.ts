import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/i18n/languages.ts';
import { EXPORT_FORMATS } from '../../shared/protocol/index.ts';
import { richWorkshop } from '../fixtures/richWorkshop.ts';
import { renderAsText } from '../fixtures/renderFixture.ts';

/** The fixture as if it were breakout group "3" of round 2, working two factors. */
function groupSnapshot() {
  return { ...richWorkshop(), breakoutGroup: { round: 2, id: 'r2g3', name: '3', factors: ['transparency', 'hrm'] } };
}

const GROUP_LINE: Record<(typeof LANGUAGES)[number], RegExp> = {
  en: /Group 3, round 2/,
  es: /Grupo 3, ronda 2/,
  fr: /Groupe 3, tour 2/,
  pt: /Grupo 3, ronda 2/,
  ar: /الجولة 2/,
};

describe('a breakout group’s export says which group, round and factors', () => {
  it.each(LANGUAGES)('in every format, in %s', async (lang) => {
    for (const format of EXPORT_FORMATS) {
      const text = await renderAsText(groupSnapshot(), format, lang);
      if (format === 'json') {
        expect(JSON.parse(text).breakoutGroup).toEqual({ round: 2, id: 'r2g3', name: '3', factors: ['transparency', 'hrm'] });
        continue;
      }
      expect(text, format).toMatch(GROUP_LINE[lang]);
      // The reports list the group's factors; the spreadsheet names the group on every row.
      if (format !== 'csv') expect(text, format).toMatch(/3\.[^\n]*; 8\./);
      expect(text, format).not.toMatch(/\{(group|round|list)\}/);
    }
  });

  it('a plenary export has no group line', async () => {
    expect(await renderAsText(richWorkshop(), 'md', 'en')).not.toMatch(/round \d/);
  });
});
