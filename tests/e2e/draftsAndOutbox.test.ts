import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createWorkshopInBrowser, joinWithCode, noteMenuItem, setPhase, useServerAndBrowser, waitConnected } from './browserSteps.ts';

/** The cell "Transparency: Gaps" (or another), as a screen reader names it. */
const cell = (page: Page, name = 'Transparency: Gaps') => page.getByRole('group', { name });
const editor = (page: Page, name = 'New note: Transparency, Gaps') => page.getByRole('form', { name });
const notesIn = (page: Page, name?: string) => cell(page, name).getByRole('article');

/** Serious or critical WCAG 2 A/AA violations inside one part of the page. */
async function axeViolations(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

async function startWriting(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Add note: Transparency, Gaps' }).click();
  await editor(page).getByLabel('Note text').pressSequentially(text);
}

describe('nothing typed is lost (Chromium, real server)', () => {
  const ctx = useServerAndBrowser();

  it('the timer locks the board at zero while a participant types: the text stays, marked, and one Save stores it once unlocked', async () => {
    const { facilitator: f, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Lock at zero');
    const ana = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'SENAE');
    const bruno = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Bruno', 'DNA');

    await startWriting(ana, 'Appeal routes are not ');
    await f.getByLabel('Minutes').fill('0');
    await f.getByLabel('Seconds').fill('2');
    await f.getByLabel('Lock the board at zero').check();
    await f.getByRole('button', { name: 'Start', exact: true }).click();
    await editor(ana).getByLabel('Note text').pressSequentially('published');

    // Zero: the board locks; the editor stays with the text and says why it cannot be saved.
    await expect.poll(() => editor(ana).getAttribute('data-blocked'), { timeout: 10_000 }).toBe('BOARD_LOCKED');
    expect(await editor(ana).getByLabel('Note text').inputValue()).toBe('Appeal routes are not published');
    await expect.poll(() => editor(ana).getByRole('status').textContent()).toContain('The board is locked');
    // Save is marked unavailable; the keyboard shortcut is refused here too, with nothing sent and nothing lost.
    expect(await editor(ana).getByRole('button', { name: 'Save' }).getAttribute('aria-disabled')).toBe('true');
    await editor(ana).getByLabel('Note text').press('Control+Enter');
    expect(await axeViolations(ana, '[data-testid="note-editor"]')).toEqual([]);
    expect(await editor(ana).getByLabel('Note text').inputValue()).toBe('Appeal routes are not published');
    expect(await notesIn(f).count()).toBe(0);

    await f.getByLabel('Lock the board', { exact: true }).uncheck();
    await expect.poll(() => editor(ana).getAttribute('data-blocked')).toBe(null);
    await editor(ana).getByRole('button', { name: 'Save' }).click();
    for (const page of [f, bruno, ana]) {
      await expect.poll(() => notesIn(page).allTextContents()).toEqual([expect.stringContaining('Appeal routes are not published')]);
    }
    await expect.poll(() => editor(ana).count()).toBe(0);
  });

  it('a phase change while typing keeps the text, marked; a reload keeps it; one Save stores it when writing reopens', async () => {
    const { facilitator: f, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Phase change');
    const ana = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'SENAE');

    await startWriting(ana, 'Brokers expect informal fast lanes');
    await setPhase(f, 'vote');
    await expect.poll(() => editor(ana).getAttribute('data-blocked')).toBe('PHASE_FORBIDS');
    expect(await editor(ana).getByLabel('Note text').inputValue()).toBe('Brokers expect informal fast lanes');
    await expect.poll(() => editor(ana).getByRole('status').textContent()).toContain('This phase does not allow writing');

    await ana.reload();
    await waitConnected(ana);
    await expect.poll(() => editor(ana).getByLabel('Note text').inputValue()).toBe('Brokers expect informal fast lanes');
    expect(await editor(ana).getAttribute('data-blocked')).toBe('PHASE_FORBIDS');

    await setPhase(f, 'write');
    await expect.poll(() => editor(ana).getAttribute('data-blocked')).toBe(null);
    await editor(ana).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => notesIn(f).allTextContents()).toEqual([expect.stringContaining('Brokers expect informal fast lanes')]);
    // Saved: the draft is gone, also after a reload.
    await ana.reload();
    await waitConnected(ana);
    await expect.poll(() => notesIn(ana).count()).toBe(1);
    expect(await editor(ana).count()).toBe(0);
  });

  it('a change in progress to a note the facilitator deletes moves to the drafts tray, and can become a new note in its cell', async () => {
    const { facilitator: f, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Note deleted while edited');
    const ana = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'SENAE');
    await startWriting(ana, 'Declarations are checked late');
    await editor(ana).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => notesIn(f).count()).toBe(1);

    await (await noteMenuItem(notesIn(ana), 'Edit')).click();
    await editor(ana, 'Edit note').getByLabel('Note text').fill('Declarations are checked a year late');
    await (await noteMenuItem(notesIn(f), 'Delete')).click();
    await f.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();

    const tray = ana.getByRole('region', { name: 'Drafts kept on this device' });
    await expect.poll(() => tray.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Declarations are checked a year late')]);
    await ana.reload();
    await waitConnected(ana);
    await expect.poll(() => tray.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Declarations are checked a year late')]);
    expect(await tray.textContent()).toContain('Change to a note that was deleted while you wrote.');
    expect(await axeViolations(ana, '[data-testid="drafts-tray"]')).toEqual([]);
    await tray.getByRole('button', { name: 'Make it a new note in its cell' }).click();
    await expect.poll(() => tray.count()).toBe(0);
    await expect.poll(() => editor(ana).getByLabel('Note text').inputValue()).toBe('Declarations are checked a year late');
    await editor(ana).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => notesIn(f).allTextContents()).toEqual([expect.stringContaining('Declarations are checked a year late')]);
  });
});

describe('notes written offline are sent once the connection returns (Chromium, real server)', () => {
  const ctx = useServerAndBrowser();

  it('an ack lost on the way back: the note waits, is sent again with the same id, and lands once', async () => {
    const { facilitator: f, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Lost ack');
    const context = await ctx.browser.newContext();
    // Between Ana's page and the server: everything passes, except the first answer to a note.add.
    let dropped = 0;
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      server.onMessage((message) => {
        if (dropped === 0 && typeof message === 'string' && /^43\d+\[\{"ok":true,"noteId"/.test(message)) {
          dropped++;
          return;
        }
        ws.send(message);
      });
    });
    const ana = await context.newPage();
    await ana.goto(ctx.server.url);
    await ana.getByTestId('join-code-input').fill(joinCode);
    await ana.getByTestId('join-code-name').fill('Ana');
    await ana.getByTestId('join-code-administration').fill('SENAE');
    await ana.getByTestId('join-code-submit').click();
    await waitConnected(ana);

    await startWriting(ana, 'The answer never came back');
    await editor(ana).getByRole('button', { name: 'Save' }).click();
    // The server applied it at once; the page heard nothing, so after its ack timeout it says it is waiting.
    await expect.poll(() => notesIn(f).count()).toBe(1);
    await expect.poll(() => notesIn(ana).filter({ hasText: 'Waiting to be sent' }).count(), { timeout: 15_000 }).toBe(1);
    expect(dropped).toBe(1);
    // The resend (same command id) is answered with the same note, and nothing is added.
    await expect.poll(() => notesIn(ana).filter({ hasText: 'Waiting to be sent' }).count(), { timeout: 15_000 }).toBe(0);
    expect(await notesIn(ana).allTextContents()).toEqual([expect.stringContaining('The answer never came back')]);
    await f.reload();
    await waitConnected(f);
    await expect.poll(() => notesIn(f).count()).toBe(1);
    await context.close();
  });

  it('three notes written offline wait through a reload with no network at all and reach everyone exactly once', async () => {
    const { facilitator: f, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Offline writing');
    const ana = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'SENAE');
    const bruno = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Bruno', 'DNA');
    const context = ana.context();
    // What everyone could see before Ana's connection went: it must still be there after her offline reload.
    await startWriting(bruno, 'Written before the outage');
    await editor(bruno).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => notesIn(ana).allTextContents()).toEqual([expect.stringContaining('Written before the outage')]);
    // The page's files are kept on the device once its service worker is active.
    expect(await ana.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');

    await context.setOffline(true);
    await expect.poll(() => ana.getByTestId('connection-status').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('offline');
    const texts = ['Written on the train', 'Written in the tunnel', 'Written at the border post'];
    for (const text of texts) {
      await ana.getByRole('button', { name: 'Add note: Transparency, Gaps' }).click();
      await editor(ana).getByLabel('Note text').fill(text);
      await expect.poll(() => editor(ana).getByRole('status').textContent()).toContain('You are offline');
      await editor(ana).getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => notesIn(ana).filter({ hasText: text }).filter({ hasText: 'Waiting to be sent' }).count()).toBe(1);
    }
    await expect.poll(() => ana.getByRole('status').filter({ hasText: 'Notes waiting to be sent: 3' }).count()).toBe(1);
    expect(await axeViolations(ana, '[data-testid="cell-transparency-gaps"]')).toEqual([]);

    // The reload with the network still gone: the page comes from the service worker, the board from
    // the device copy, the three notes from the outbox, still waiting.
    await ana.reload();
    await expect.poll(() => notesIn(ana).filter({ hasText: 'Waiting to be sent' }).count(), { timeout: 15_000 }).toBe(3);
    expect(await notesIn(ana).filter({ hasText: 'Written before the outage' }).count()).toBe(1);
    expect(await ana.getByTestId('connection-status').first().getAttribute('data-status')).toBe('offline');
    const keptBoard = ana.getByText('You are offline. The board shows what this device last received');
    expect(await keptBoard.count()).toBe(1);
    expect(await notesIn(f).count()).toBe(1);

    await context.setOffline(false);
    await expect.poll(() => ana.getByTestId('connection-status').first().getAttribute('data-status'), { timeout: 30_000 }).toBe('connected');
    const everyNote = ['Written before the outage', ...texts].map((t) => expect.stringContaining(t));
    for (const page of [f, bruno, ana]) {
      await expect.poll(() => notesIn(page).allTextContents(), { timeout: 15_000 }).toEqual(everyNote);
    }
    await expect.poll(() => notesIn(ana).filter({ hasText: 'Waiting to be sent' }).count()).toBe(0);
    await expect.poll(() => ana.getByTestId('outbox-status').getAttribute('data-waiting')).toBe('0');
    expect(await keptBoard.count()).toBe(0);
    // Exactly three of Ana's, also after everyone reloads (nothing was sent twice).
    for (const page of [f, bruno]) {
      await page.reload();
      await waitConnected(page);
      await expect.poll(() => notesIn(page).count()).toBe(4);
      expect(await notesIn(page).allTextContents()).toEqual(everyNote);
    }
  });

  it('what the device kept of the board is deleted when the facilitator ends the session', async () => {
    const { facilitator: f, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Shared computer');
    const ana = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'SENAE');
    const bruno = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Bruno', 'DNA');
    await startWriting(ana, 'Kept until the session ends');
    await editor(ana).getByRole('button', { name: 'Save' }).click();
    const workshopId = new URL(ana.url()).pathname.split('/').pop()!;
    const kept = (page: Page) =>
      page.evaluate(async (id) => {
        const databases = (await indexedDB.databases()).map((d) => d.name);
        const joins = Object.keys(localStorage).filter((k) => k.startsWith(`ib.lastJoin.${id}.`));
        return { replica: databases.includes(`integrity-board-replica:${id}`), joins: joins.length };
      }, workshopId);
    for (const page of [ana, bruno]) await expect.poll(() => kept(page)).toEqual({ replica: true, joins: 1 });

    const sessions = f.getByRole('region', { name: 'People and sessions' });
    await sessions.getByRole('button', { name: 'Refresh' }).click();
    const label = await sessions.getByRole('listitem', { name: /^Ana \(Participant \d\)$/ }).getAttribute('aria-label');
    await sessions.getByRole('button', { name: `End session: ${label}` }).click();
    await f.getByRole('dialog').getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => ana.getByText('The facilitator ended this session.').count()).toBeGreaterThan(0);
    await expect.poll(() => kept(ana)).toEqual({ replica: false, joins: 0 });
    // Only the ended session's device forgets: Bruno's copy stays.
    expect(await kept(bruno)).toEqual({ replica: true, joins: 1 });
  });
});
