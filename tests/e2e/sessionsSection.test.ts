import { describe, expect, it } from 'vitest';
import { addNote, createWorkshopInBrowser, joinWithCode, noteTexts, useServerAndBrowser } from './browserSteps.ts';

describe('the facilitator merges two sessions of one person in Chromium', () => {
  const ctx = useServerAndBrowser();

  it('shows both sessions of Ana, merges the duplicate into her first one, and her note goes with it', async () => {
    const { facilitator, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Duplicate sessions');
    const first = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'SENAE');
    const duplicate = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'SENAE');
    await addNote(duplicate, 'hrm', 'gaps', 'Written from the second tab');
    await expect.poll(() => noteTexts(first, 'hrm', 'gaps')).toEqual(['Written from the second tab']);
    await expect.poll(() => first.getByTestId('cell-hrm-gaps').getByTestId('note-edit').count()).toBe(0);

    const sessions = facilitator.getByRole('region', { name: 'People and sessions' });
    await sessions.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => sessions.getByRole('listitem', { name: /^Ana \(Participant \d\)$/ }).count()).toBe(2);
    await expect.poll(() => sessions.getByRole('listitem', { name: 'María (Facilitator 1)' }).textContent()).toContain('(you)');

    await sessions.getByLabel('Merge Ana (Participant 2) into').selectOption({ label: 'Ana (Participant 1)' });
    await sessions.getByRole('button', { name: 'Merge Ana (Participant 2)' }).click();
    const dialog = facilitator.getByRole('dialog', { name: 'Merge “\u2068Ana (Participant 2)\u2069” into “\u2068Ana (Participant 1)\u2069”?' });
    await dialog.getByRole('button', { name: 'Merge' }).click();

    await expect.poll(() => sessions.getByRole('status').allTextContents()).toContain('Merged: 1 notes and 0 votes moved, 0 votes dropped over the budget.');
    await expect.poll(() => sessions.getByRole('listitem', { name: /^Ana/ }).count()).toBe(1);
    await expect.poll(() => duplicate.getByText('The facilitator ended this session.').count()).toBeGreaterThan(0);
    // The surviving session rejoins and now owns the note written in the duplicate.
    await expect.poll(() => first.getByTestId('cell-hrm-gaps').getByTestId('note-edit').count(), { timeout: 15_000 }).toBe(1);
  });
});
