import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addNote, createWorkshopInBrowser, joinWithCode, noteMenuItem, setPhase, useServerAndBrowser } from './browserSteps.ts';

/** Serious or critical axe findings within the given parts of the page (the whole page is checked in accessibility.test.ts). */
async function seriousViolations(page: Page, ...selectors: string[]): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']);
  for (const selector of selectors) builder = builder.include(selector);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

describe('stacks and actions on the factor board, in Chromium', () => {
  const ctx = useServerAndBrowser();

  it('a facilitator merges two notes, reads both in the stack, undoes the merge, is asked before deleting (a stack’s top offers to undo the merge), then turns a note into an action and adds one on a factor row', async () => {
    const { facilitator: f, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Stacks and actions');
    const ana = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'SENAE');
    await addNote(ana, 'hrm', 'gaps', 'Brokers pay for speed');
    await addNote(f, 'hrm', 'gaps', 'Los agentes pagan para ir más rápido');
    await setPhase(f, 'group');

    // Merge: select both notes of the cell (from each card's menu), choose the one to keep.
    const cell = f.getByTestId('cell-hrm-gaps');
    const cards = cell.getByRole('article');
    await expect.poll(() => cards.count()).toBe(2);
    const selectBoth = async () => {
      for (const n of [0, 1]) await (await noteMenuItem(cards.nth(n), 'Select note')).click();
    };
    await selectBoth();
    await cell.getByRole('button', { name: 'Merge into…' }).click();
    await f.getByRole('dialog').getByRole('button', { name: 'Keep this one' }).first().click();

    // One card, whose stack opens and closes from the keyboard and shows both texts.
    await expect.poll(() => cell.getByTestId('note').count()).toBe(1);
    const toggle = cell.getByRole('button', { name: 'Stack of 2 — show all' });
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await f.keyboard.press('Enter');
    const hide = cell.getByRole('button', { name: 'Stack of 2 — hide' });
    await expect.poll(() => hide.getAttribute('aria-expanded')).toBe('true');
    const stackList = cell.getByRole('list', { name: 'Notes under this one' });
    const shown = [...(await cell.getByTestId('note-text').allTextContents()), ...(await stackList.getByRole('listitem').allTextContents())].join(' ');
    expect(shown).toContain('Brokers pay for speed');
    expect(shown).toContain('Los agentes pagan para ir más rápido');
    if (process.env.SCREENSHOT_DIR) await cell.screenshot({ path: `${process.env.SCREENSHOT_DIR}/stack-expanded.png` });
    expect(await seriousViolations(f, '[data-testid="cell-hrm-gaps"]')).toEqual([]);
    // Participants see the stack too, but cannot undo it.
    const anaCell = ana.getByTestId('cell-hrm-gaps');
    await expect.poll(() => anaCell.getByRole('button', { name: 'Stack of 2 — show all' }).count()).toBe(1);
    expect(await anaCell.getByRole('button', { name: 'Undo merge' }).count()).toBe(0);

    // Undo: both notes are cards again, for everyone.
    await cell.getByRole('button', { name: 'Undo merge' }).click();
    await expect.poll(() => cell.getByTestId('note').count()).toBe(2);
    await expect.poll(() => anaCell.getByTestId('note-text').allTextContents()).toEqual(
      expect.arrayContaining(['Brokers pay for speed', 'Los agentes pagan para ir más rápido']),
    );
    expect(await cell.getByRole('button', { name: /^Stack of/ }).count()).toBe(0);

    // Deleting during grouping asks first; deleting a stack's top offers to undo the merge instead.
    await (await noteMenuItem(cell.getByRole('article').first(), 'Delete')).click();
    await f.getByRole('dialog', { name: 'Delete this note?' }).getByRole('button', { name: 'Keep note' }).click();
    expect(await cell.getByTestId('note').count()).toBe(2);
    await selectBoth();
    await cell.getByRole('button', { name: 'Merge into…' }).click();
    await f.getByRole('dialog').getByRole('button', { name: 'Keep this one' }).first().click();
    await expect.poll(() => cell.getByTestId('note').count()).toBe(1);
    await (await noteMenuItem(cell.getByRole('article'), 'Delete')).click();
    await f.getByRole('dialog', { name: 'Delete a stack of 2 notes?' }).getByRole('button', { name: 'Undo the merge' }).click();
    await expect.poll(() => cell.getByTestId('note').count()).toBe(2);

    // Actions: one made from a note, one added on a factor row.
    await setPhase(f, 'actions');
    const note = cell.getByRole('article').filter({ hasText: 'Brokers pay for speed' });
    await (await noteMenuItem(note, 'Make an action')).click();
    const hrmRow = f.getByTestId('row-hrm');
    await expect.poll(() => hrmRow.getByTestId('action-row').allTextContents()).toEqual([expect.stringContaining('Brokers pay for speed')]);
    await expect.poll(() => hrmRow.getByRole('link', { name: 'From a note: Brokers pay for speed' }).count()).toBe(1);
    await expect.poll(() => note.getByText('Has an action item').count()).toBe(1);

    const transparency = f.getByTestId('row-transparency');
    await transparency.getByRole('button', { name: /^Add action/ }).click();
    await transparency.getByRole('textbox', { name: 'Action', exact: true }).fill('Publish every tariff ruling online');
    await transparency.getByRole('textbox', { name: 'Owner unit' }).fill('Legal');
    await transparency.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => ana.getByTestId('row-transparency').getByTestId('action-row').allTextContents()).toEqual([
      expect.stringContaining('Publish every tariff ruling online'),
    ]);
    await expect.poll(() => ana.getByTestId('row-hrm').getByTestId('action-row').count()).toBe(1);
    const actionRows = ['[data-testid="row-hrm"]', '[data-testid="row-transparency"]'];
    expect(await seriousViolations(f, ...actionRows)).toEqual([]);
    expect(await seriousViolations(ana, ...actionRows)).toEqual([]);
  });
});
