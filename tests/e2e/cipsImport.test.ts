import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPersonContext } from '../helpers/browser.ts';
import { richWorkshop } from '../fixtures/richWorkshop.ts';
import { createWorkshopInBrowser, joinStep, joinWithCode, noteTexts, useServerAndBrowser } from './browserSteps.ts';

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
    if (process.env.SCREENSHOT_DIR) await participant.screenshot({ path: `${process.env.SCREENSHOT_DIR}/cips-bars.png`, fullPage: false });

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

  it('a facilitator creates a workshop from an exported JSON file and lands on it; a bad file lists its errors by path', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ib-import-'));
    const good = path.join(dir, 'taller.json');
    const bad = path.join(dir, 'roto.json');
    const snapshot = richWorkshop();
    snapshot.status = { phase: 'discuss', frozen: null, history: [] };
    await writeFile(good, JSON.stringify(snapshot, null, 2));
    const broken = structuredClone(snapshot) as unknown as { meta: { title: string }; boards: { notes: { colour: string }[] }[] };
    broken.meta.title = '';
    broken.boards[0]!.notes[2]!.colour = 'red';
    await writeFile(bad, JSON.stringify(broken));

    const page = await (await newPersonContext(ctx.browser)).newPage();
    await page.goto(ctx.server.url);
    await page.getByText('Import from a file').click();
    const form = page.getByTestId('import-workshop');
    await form.getByLabel('Workshop file (JSON)').setInputFiles(bad);
    await form.getByRole('button', { name: 'Create workshop from file' }).click();
    await expect.poll(() => form.getByTestId('import-workshop-error').allTextContents()).toEqual([
      'meta.title: This must not be empty.',
      'boards[0].notes[2].colour: This value is not allowed here.',
    ]);
    await expect.poll(() => form.getByTestId('import-workshop-status').textContent()).toContain('Nothing was created.');

    await form.getByLabel('Workshop file (JSON)').setInputFiles(good);
    await form.getByRole('button', { name: 'Create workshop from file' }).click();
    await page.getByTestId('workshop-created').waitFor();
    await expect.poll(() => page.getByTestId('workshop-created').textContent()).toContain(snapshot.meta.title);
    await page.getByTestId('open-as-facilitator').click();
    await joinStep(page, 'María', 'DNA Uruguay');
    await expect.poll(() => noteTexts(page, 'transparency', 'gaps')).toContain('Brecha del factor 3, con coma');
    await expect.poll(() => page.getByTestId('row-hrm').getByRole('list', { name: /CIPS scores for Human Resource Management/ }).count()).toBe(1);
  });
});
