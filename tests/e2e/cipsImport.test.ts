import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorkshopInBrowser, joinWithCode, useServerAndBrowser } from './browserSteps.ts';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures', 'cips');

describe('CIPS survey results in the browser', () => {
  const ctx = useServerAndBrowser();

  it('a facilitator uploads a CIPS file, everyone sees labelled bars beside the factor rows, and a bad file lists its errors', async () => {
    const { facilitator, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'SENAE follow-up session');
    const participant = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Jorge', 'SENAE Ecuador');
    await expect.poll(() => participant.getByTestId('section-cips').count()).toBe(0);

    const section = facilitator.getByTestId('section-cips');
    await expect.poll(() => section.getByTestId('cips-current').textContent()).toContain('No survey results');
    await section.getByLabel('CIPS results file (CSV)').setInputFiles(path.join(FIXTURES, 'good.csv'));
    await section.getByRole('button', { name: 'Import survey results' }).click();
    await expect.poll(() => section.getByTestId('cips-status').textContent()).toContain('9 rows imported');

    // Beside the factor rows, by their labels: the number is in the text, not only in the bar.
    for (const page of [participant, facilitator]) {
      const morale = page.getByTestId('row-morale_culture').getByRole('list', { name: 'CIPS scores for Morale and Organizational Culture' });
      await expect.poll(async () => (await morale.getByRole('listitem').allTextContents()).map((text) => text.trim())).toEqual(['Customs: 54 % favourable (n=612)']);
      const leadership = page.getByTestId('row-leadership_commitment');
      await expect.poll(() => leadership.getByText('Private sector: 38 % favourable (n=540)').count()).toBe(1);
      await expect.poll(() => leadership.getByText('Customs: 61.5 % favourable (n=612)').count()).toBe(1);
      await expect.poll(() => page.getByTestId('row-transparency').getByText('Private sector: mean 2.9 of 5').count()).toBe(1);
      await expect.poll(() => page.getByTestId('row-automation').getByRole('list').count()).toBe(0);
    }

    // A second file asks before replacing; cancelling keeps the first.
    await section.getByLabel('CIPS results file (CSV)').setInputFiles(path.join(FIXTURES, 'bad.csv'));
    await section.getByRole('button', { name: 'Import survey results' }).click();
    await facilitator.getByTestId('cips-replace-cancel').click();
    await expect.poll(() => section.getByTestId('cips-errors').count()).toBe(0);

    await section.getByRole('button', { name: 'Import survey results' }).click();
    await facilitator.getByTestId('cips-replace-confirm').click();
    const errors = section.getByTestId('cips-error');
    await expect.poll(() => errors.count()).toBe(10);
    await expect.poll(() => section.getByTestId('cips-status').textContent()).toContain('The file was refused (10 errors). Nothing was imported.');
    const texts = (await errors.allTextContents()).map((text) => text.replace(/[\u2068\u2069]/g, '').trim());
    expect(texts[0]).toBe('Line 3: Unknown respondent group “traders” (customs or private).');
    expect(texts[1]).toBe('Line 4: Unknown factor key “transparancy”.');
    expect(texts[3]).toBe('Line 6: The value 140 is outside the scale.');
    expect(texts[8]).toBe('Line 11: This row repeats line 2.');
    expect(await errors.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-line')} ${el.getAttribute('data-code')}`))).toEqual([
      '3 UNKNOWN_GROUP',
      '4 UNKNOWN_FACTOR_KEY',
      '5 FACTOR_NO_MISMATCH',
      '6 VALUE_OUT_OF_RANGE',
      '7 UNKNOWN_METRIC',
      '8 BAD_SCALE',
      '9 BAD_NUMBER',
      '10 BAD_N',
      '11 DUPLICATE_ROW',
      '12 WRONG_COLUMN_COUNT',
    ]);
    // Nothing half-imported: the first survey's bars are still there for everyone.
    await expect.poll(() => participant.getByTestId('row-morale_culture').getByText('Customs: 54 % favourable (n=612)').count()).toBe(1);

    // In Spanish the bars and the errors speak Spanish.
    await facilitator.getByTestId('language-select').first().selectOption('es');
    await expect.poll(() => facilitator.getByTestId('row-morale_culture').getByText('Aduana: 54 % favorable (n=612)').count()).toBe(1);
    await expect.poll(() => section.getByTestId('cips-error').first().textContent()).toContain('Línea 3');
  });
});
