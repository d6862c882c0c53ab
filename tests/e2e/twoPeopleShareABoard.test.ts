import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNote, createWorkshopInBrowser, joinWithCode, noteTexts, waitConnected, useServerAndBrowser } from './browserSteps.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('two people share a board in Chromium', () => {
  const ctx = useServerAndBrowser();

  it('a note added in one context appears in the other, survives a reload, and the board is screenshotted', async () => {
    const { facilitator, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'SENAE integrity workshop, session 1');
    const participant = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Jorge', 'SENAE Ecuador');
    await expect.poll(() => participant.getByTestId('board-title').first().textContent()).toContain('SENAE integrity workshop');

    await addNote(facilitator, 'transparency', 'gaps', 'Appeal routes are not published');
    await addNote(participant, 'hrm', 'strengths', 'Merit-based recruitment exams');
    await expect.poll(() => noteTexts(participant, 'transparency', 'gaps')).toEqual(['Appeal routes are not published']);
    await expect.poll(() => noteTexts(facilitator, 'hrm', 'strengths')).toEqual(['Merit-based recruitment exams']);

    // Participants get edit controls on their own notes only.
    await expect.poll(() => participant.getByTestId('cell-transparency-gaps').getByTestId('note-edit').count()).toBe(0);
    await expect.poll(() => participant.getByTestId('cell-hrm-strengths').getByTestId('note-edit').count()).toBe(1);

    await participant.reload();
    await waitConnected(participant);
    await expect.poll(() => noteTexts(participant, 'transparency', 'gaps')).toEqual(['Appeal routes are not published']);
    await expect.poll(() => participant.getByTestId('cell-hrm-strengths').getByTestId('note-edit').count()).toBe(1);

    await addNote(facilitator, 'leadership_commitment', 'strengths', 'The Director General opened the workshop');
    await addNote(participant, 'private_sector', 'gaps', 'Brokers expect informal fast lanes');
    await expect.poll(() => facilitator.getByTestId('note').count()).toBe(4);
    await facilitator.evaluate(() => window.scrollTo(0, 0));
    await facilitator.screenshot({ path: path.join(ROOT, 'docs', 'board.png') });
  });

  it('the board stacks its cells at 360 px and the language switch translates the factors', async () => {
    const { joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Phone check');
    const page = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Lucía', 'AFIP', 360);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(360);
    await page.getByTestId('language-select').first().selectOption('es');
    await expect.poll(() => page.locator('body').textContent()).toContain('Administración de recursos humanos');
    await page.getByTestId('language-select').first().selectOption('ar');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  });
});
