import { describe, expect, it } from 'vitest';
import { FACTORS } from '../../shared/factors.ts';
import { LANGUAGES } from '../../shared/i18n/languages.ts';
import { ENGLISH, loadCatalogue, translateWith, type MessageKey } from '../../shared/i18n/translate.ts';
import { ERROR_CODES } from '../../shared/protocol/errors.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the message catalogues', () => {
  it.each(LANGUAGES)('%s has every key, non-empty, with the same placeholders as English', async (language) => {
    const catalogue = await loadCatalogue(language);
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(ENGLISH).sort());
    for (const key of Object.keys(ENGLISH) as MessageKey[]) {
      expect(catalogue[key].trim(), `${language} ${key}`).not.toBe('');
      expect(placeholders(catalogue[key]), `${language} ${key}`).toEqual(placeholders(ENGLISH[key]));
    }
  });

  it('names every error code and every factor', () => {
    for (const code of ERROR_CODES) expect(ENGLISH[`error.${code}` as MessageKey]).toBeTruthy();
    for (const factor of FACTORS) expect(ENGLISH[`factor.${factor.key}.name` as MessageKey]).toBe(factor.names.en);
  });

  it('uses the official French and Spanish factor names', async () => {
    const [fr, es] = await Promise.all([loadCatalogue('fr'), loadCatalogue('es')]);
    for (const factor of FACTORS) {
      expect(fr[`factor.${factor.key}.name` as MessageKey]).toBe(factor.names.fr);
      expect(es[`factor.${factor.key}.name` as MessageKey]).toBe(factor.names.es);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const key = (Object.keys(ENGLISH) as MessageKey[]).find((k) => placeholders(ENGLISH[k]).length > 0)!;
    const name = placeholders(ENGLISH[key])[0]!;
    expect(translateWith(ENGLISH, key, { [name]: 'XYZ' })).toContain('XYZ');
    expect(translateWith(ENGLISH, key)).toContain(`{${name}}`);
  });
});
