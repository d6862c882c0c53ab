import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addNote, createWorkshopInBrowser, joinWithCode, noteMenuItem, noteTexts, setPhase, useServerAndBrowser } from './browserSteps.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

async function noteCard(page: Page, text: string) {
  return page.getByTestId('note').filter({ has: page.getByTestId('note-text').getByText(text, { exact: true }) });
}

describe('a whole session in Chromium: facilitator and two participants', () => {
  const ctx = useServerAndBrowser();

  it('create, join by code, private writing, reveal, group, vote, actions, freeze', async () => {
    const { facilitator: f, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'SENAE: building a culture of integrity');
    const ana = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'Operations');
    const bruno = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Bruno', 'Human resources');

    // Private writing: each sees only their own notes; the others see counts.
    await setPhase(f, 'write', true);
    await expect.poll(() => ana.getByTestId('phase-label').first().getAttribute('data-private')).toBe('true');
    await addNote(ana, 'hrm', 'gaps', 'Promotions depend on contacts');
    await addNote(bruno, 'hrm', 'gaps', 'Promotion depends on who you know');
    await addNote(bruno, 'code_of_conduct', 'gaps', 'Nobody has read the code');
    await expect.poll(async () => (await noteCard(ana, 'Promotions depend on contacts')).getAttribute('data-private')).toBe('true');
    expect(await noteTexts(ana, 'hrm', 'gaps')).toEqual(['Promotions depend on contacts']);
    expect(await noteTexts(bruno, 'hrm', 'gaps')).toEqual(['Promotion depends on who you know']);
    expect(await noteTexts(f, 'hrm', 'gaps')).toEqual([]);
    await expect.poll(() => f.getByTestId('writing-counts').first().textContent()).toContain('Bruno');

    // Reveal: everything appears for everyone.
    await setPhase(f, 'reveal');
    for (const page of [f, ana, bruno]) {
      await expect.poll(async () => (await noteTexts(page, 'hrm', 'gaps')).sort()).toEqual(['Promotion depends on who you know', 'Promotions depend on contacts']);
    }

    // Group the two promotion notes.
    await setPhase(f, 'group');
    for (const text of ['Promotions depend on contacts', 'Promotion depends on who you know']) {
      await (await noteMenuItem(await noteCard(f, text), 'Select note')).click();
    }
    await f.getByTestId('cell-hrm-gaps').getByTestId('group-selected').click();
    await f.getByTestId('group-name-input').fill('Promotion');
    await f.getByTestId('group-create-submit').click();
    await expect.poll(() => ana.getByTestId('cell-hrm-gaps').getByTestId('group-heading').allTextContents()).toEqual([expect.stringContaining('Promotion')]);

    // Vote: counts hidden until voting ends, then shown.
    await setPhase(f, 'vote');
    await (await noteCard(ana, 'Nobody has read the code')).getByTestId('vote-up').click();
    await (await noteCard(ana, 'Nobody has read the code')).getByTestId('vote-up').click();
    await (await noteCard(bruno, 'Promotions depend on contacts')).getByTestId('vote-up').click();
    await expect.poll(() => ana.getByTestId('votes-remaining').first().textContent()).toContain('3');
    await setPhase(f, 'discuss');
    await expect.poll(async () => (await noteCard(bruno, 'Nobody has read the code')).getByTestId('vote-count').getAttribute('data-count')).toBe('2');

    // Spotlight a note and run a timer: participants follow both.
    await (await noteMenuItem(await noteCard(f, 'Nobody has read the code'), 'Spotlight')).click();
    await expect.poll(async () => (await noteCard(ana, 'Nobody has read the code')).getAttribute('data-spotlight')).toBe('true');
    await ana.getByTestId('spotlight-follow-toggle').click();
    await expect.poll(() => ana.getByTestId('spotlight-follow-toggle').getAttribute('data-following')).toBe('false');
    await f.getByTestId('timer-minutes').fill('5');
    await f.getByTestId('timer-seconds').fill('0');
    await f.getByTestId('timer-start').click();
    await expect.poll(() => bruno.getByTestId('timer-display').first().getAttribute('data-status')).toBe('running');
    const remaining = Number(await bruno.getByTestId('timer-display').first().getAttribute('data-remaining-ms'));
    expect(remaining).toBeGreaterThan(280_000);
    expect(remaining).toBeLessThanOrEqual(301_000); // within the one second the clock offset may be off

    // Actions on an action plan board.
    await setPhase(f, 'actions');
    await f.getByTestId('board-add-title').fill('Action plan');
    await f.getByTestId('board-add-template').selectOption('action_plan');
    await f.getByTestId('board-add-submit').click();
    const planTab = f.locator('[data-testid^="board-tab-"]').filter({ hasText: 'Action plan' });
    await planTab.click();
    await f.getByTestId('board-show-to-all').click();
    await f.getByTestId('action-add-code_of_conduct').click();
    await f.getByTestId('action-text').fill('Train every officer on the code of conduct');
    await f.getByTestId('action-owner').fill('Human resources');
    await f.getByTestId('action-due').fill('2023-06-30');
    await f.getByTestId('action-save').click();
    await expect.poll(() => ana.getByTestId('action-row').allTextContents()).toEqual([expect.stringContaining('Train every officer')]);

    // Freeze: everyone sees the frozen board; participants can no longer add.
    await f.getByTestId('freeze-button').click();
    await f.getByTestId('freeze-confirm').click();
    for (const page of [f, ana, bruno]) await page.getByTestId('frozen-banner').first().waitFor();
    await f.evaluate(() => window.scrollTo(0, 0));
    await f.screenshot({ path: path.join(ROOT, 'docs', 'session-frozen.png') });
  });
});
