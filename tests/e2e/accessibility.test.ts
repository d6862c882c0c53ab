import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPersonContext } from '../helpers/browser.ts';
import { addNote, createWorkshopInBrowser, joinWithCode, setPhase, useServerAndBrowser } from './browserSteps.ts';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

describe('pages pass axe (WCAG 2 A/AA) without serious or critical violations, and work by keyboard', () => {
  const ctx = useServerAndBrowser();

  it('home page, facilitator and participant views, in English and Arabic', async () => {
    const home = await (await newPersonContext(ctx.browser)).newPage();
    await home.goto(ctx.server.url);
    expect(await seriousViolations(home)).toEqual([]);

    const { facilitator, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Accessibility check');
    const participant = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'SENAE');
    await addNote(participant, 'hrm', 'gaps', 'Rotation is rare');
    await setPhase(facilitator, 'vote');
    expect(await seriousViolations(facilitator)).toEqual([]);
    expect(await seriousViolations(participant)).toEqual([]);
    await participant.getByTestId('language-select').first().selectOption('ar');
    expect(await seriousViolations(participant)).toEqual([]);
  });

  it('a participant adds a note with the keyboard alone', async () => {
    const { joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Keyboard check');
    const page = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Bruno', 'SENAE');
    const add = page.getByTestId('add-note-transparency-gaps');
    await add.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Decisions are not published');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('cell-transparency-gaps').getByTestId('note-text').allTextContents()).toEqual(['Decisions are not published']);
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, textarea, [role="button"], a[href]')]
        .filter((el) => {
          const e = el as HTMLElement;
          const name = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.textContent?.trim() || (e as HTMLInputElement).labels?.length || e.getAttribute('title');
          return !name && e.offsetParent !== null;
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
  });
});
