import type { Browser, Page } from 'playwright-core';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { readBoards } from '../../shared/board/boardDocument.ts';
import { FACTORS } from '../../shared/factors.ts';
import { foldForSearch } from '../../client/lib/boardFilter.ts';
import { newPersonContext } from '../helpers/browser.ts';
import { openReplica } from '../helpers/clients.ts';
import { createWorkshop, joinAs, type Member, type TestWorkshop } from '../helpers/workshops.ts';
import { writeSixtyNotes, type SeedLanguage, type SeededNote } from '../fixtures/sixtyNotes.ts';
import { joinStep, useServerAndBrowser } from './browserSteps.ts';

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const WRITERS = ['Ana', 'Bruno', 'Carla', 'Diego'];

interface Seeded {
  workshop: TestWorkshop;
  facilitator: Member;
  writers: Member[];
  boardId: string;
  notes: SeededNote[];
}

async function seedWorkshop(server: { url: string }, title: string, language: SeedLanguage): Promise<Seeded> {
  // The workshop is held in the seed's language (and English): people whose browser speaks it see it.
  const workshop = await createWorkshop(server, { title, languages: [language, 'en'] });
  const facilitator = await joinAs(server, workshop, 'facilitator', 'María', 'DNA Uruguay');
  const writers = await Promise.all(WRITERS.map((name) => joinAs(server, workshop, 'participant', name, 'SENAE')));
  const replica = await openReplica(server, workshop.id, facilitator.person.token);
  const boardId = readBoards(replica.doc)[0]!.id;
  replica.destroy();
  const notes = await writeSixtyNotes(writers, boardId, language);
  return { workshop, facilitator, writers, boardId, notes };
}

/** Votes, then the Discuss phase with a running timer: the state a facilitator screenshots. */
async function voteAndDiscuss(seeded: Seeded): Promise<void> {
  const ok = async (result: Promise<{ ok: boolean; error?: string }>) => {
    const r = await result;
    if (!r.ok) throw new Error(r.error);
  };
  await ok(seeded.facilitator.send('phase.set', { phase: 'vote' }));
  const hrmGaps = seeded.notes.filter((n) => n.row === 'hrm' && n.column === 'gaps');
  for (let i = 0; i < 3; i++) await ok(seeded.writers[0]!.send('vote.cast', { noteId: hrmGaps[2]!.noteId }));
  await ok(seeded.writers[1]!.send('vote.cast', { noteId: hrmGaps[1]!.noteId }));
  // A spread of votes elsewhere so the overview and the cards show counts.
  for (const [w, writer] of seeded.writers.entries()) {
    for (let v = 0; v < 2; v++) {
      const note = seeded.notes[(w * 13 + v * 7) % seeded.notes.length]!;
      if (note.row !== 'hrm') await ok(writer.send('vote.cast', { noteId: note.noteId }));
    }
  }
  await ok(seeded.facilitator.send('phase.set', { phase: 'discuss' }));
  await ok(seeded.facilitator.send('timer.start', { durationMs: 10 * 60_000 }));
}

async function openAs(browser: Browser, link: string, name: string, size: { width: number; height: number }, locale: string): Promise<Page> {
  const page = await (await newPersonContext(browser, { ...size, locale })).newPage();
  await page.goto(link);
  await joinStep(page, name, 'SENAE');
  await page.getByRole('article').first().waitFor();
  return page;
}

/** Height of the board (tabs panel: tools, overview and grid) in px. */
async function boardHeight(page: Page): Promise<number> {
  const box = await page.getByRole('tabpanel').boundingBox();
  if (!box) throw new Error('no board');
  return Math.round(box.height);
}

async function focusedCellName(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.closest('[role="group"][data-cell]')?.getAttribute('aria-label') ?? null);
}

/** Phones: the first screen. Laptops: the page from the top down to the end of the board (the whole board). */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 0);
  if (!name.includes('laptop')) {
    await page.screenshot({ path: `${dir}/${name}.png` });
    return;
  }
  const bottom = await page.getByRole('tabpanel').evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
  const width = page.viewportSize()!.width;
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true, clip: { x: 0, y: 0, width, height: Math.ceil(bottom + 16) } });
}

const factorName = (key: string) => FACTORS.find((f) => f.key === key)!.names.en;

describe('a dense board of 60 notes in Chromium', () => {
  const ctx = useServerAndBrowser();
  let es: Seeded;

  beforeAll(async () => {
    es = await seedWorkshop(ctx.server, 'Aduana de Guayaquil: cultura de integridad', 'es');
  });
  afterAll(() => {
    for (const m of [es?.facilitator, ...(es?.writers ?? [])]) m?.close();
  });

  it('a keyboard user writes a note from the board in 3 key presses, and arrows walk the cells with one Tab stop each', async () => {
    const page = await openAs(ctx.browser, es.workshop.links.participant, 'Eva', LAPTOP, 'en-GB');
    const strengths = page.getByRole('group', { name: 'Transparency: Strengths' });
    for (const cell of [strengths, page.getByRole('group', { name: 'Transparency: Gaps' })]) {
      expect(await cell.locator('[tabindex="0"]').count()).toBe(1);
    }

    // On the board: the first note of Transparency / Strengths has focus.
    await strengths.getByRole('article').first().focus();
    let presses = 0;
    const press = async (key: string) => {
      presses += 1;
      await page.keyboard.press(key);
    };
    await press('ArrowRight');
    expect(await focusedCellName(page)).toBe('Transparency: Gaps');
    await press('n');
    await page.keyboard.type('Appeal decisions are not published'); // the note's text, not counted
    await press('Control+Enter');
    const gaps = page.getByRole('group', { name: 'Transparency: Gaps' });
    await expect.poll(() => gaps.getByRole('article').filter({ hasText: 'Appeal decisions are not published' }).count()).toBe(1);
    console.log(`[dense board] key presses to write a note from the board: ${presses}`);
    expect(presses).toBeLessThanOrEqual(5);

    // A second note in the same cell: focus is back on "Add note", so N and Ctrl+Enter are enough.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-rove'))).toBe('add');
    await page.keyboard.press('n');
    await page.keyboard.type('Second note by keyboard');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => gaps.getByRole('article').filter({ hasText: 'Second note by keyboard' }).count()).toBe(1);

    // Roving focus: up and down inside the cell and on to the row above, left and right between cells.
    // Up at once, maybe while the note is still pending: once the server acknowledges it, focus is still on it.
    await page.keyboard.press('ArrowUp');
    const whilePending = await page.evaluate(() => document.activeElement?.hasAttribute('data-pending') ?? false);
    console.log(`[dense board] focused the new note while it was pending: ${whilePending}`);
    await expect.poll(() => gaps.locator('[data-pending]').count()).toBe(0);
    const focusedNote = () => page.evaluate(() => (document.activeElement?.tagName === 'ARTICLE' ? document.activeElement.textContent : document.activeElement?.tagName));
    await expect.poll(focusedNote).toContain('Second note by keyboard');
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName)).toBe('ARTICLE');
    await page.keyboard.press('ArrowUp');
    expect(await focusedCellName(page)).toBe('Regulatory Framework: Gaps');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedCellName(page)).toBe('Regulatory Framework: Strengths');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-rove'))).toBe('add');
    // One Tab from a cell reaches the next cell, whatever the number of notes in between.
    await page.keyboard.press('Tab');
    expect(await focusedCellName(page)).toBe('Regulatory Framework: Gaps');

    // The shortcuts are documented in the page: "?" opens the list, Escape closes it.
    await page.keyboard.press('Shift+?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => dialog.getByRole('row').count()).toBeGreaterThan(8);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.context().close();
  });

  it('search, author and colour filters say "N of M notes shown", hide only what does not match, and clear', async () => {
    const page = await openAs(ctx.browser, es.workshop.links.participant, 'Fabio', LAPTOP, 'en-GB');
    const total = await page.getByRole('article').count();
    expect(total).toBeGreaterThanOrEqual(60);
    const status = page.getByRole('status').filter({ hasText: /notes/ });
    await expect.poll(() => status.textContent()).toBe(`${total} notes`);

    // Accent- and case-insensitive: "CORRUPCION" finds "corrupción".
    const search = page.getByRole('searchbox', { name: 'Search notes' });
    await search.fill('CORRUPCION');
    const withWord = es.notes.filter((n) => foldForSearch(n.text).includes('corrupcion')).length;
    expect(withWord).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('article').count()).toBe(withWord);
    await expect.poll(() => status.textContent()).toBe(`${withWord} of ${total} notes shown`);

    // Search and author together.
    await page.getByRole('combobox', { name: 'Author' }).selectOption('Bruno');
    const byBruno = es.notes.filter((n) => n.author === 'Bruno' && foldForSearch(n.text).includes('corrupcion')).length;
    await expect.poll(() => page.getByRole('article').count()).toBe(byBruno);

    // Colour alone: the six notes their writers marked blue.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => status.textContent()).toBe(`${total} notes`);
    await page.getByRole('combobox', { name: 'Colour' }).selectOption('blue');
    await expect.poll(() => page.getByRole('article').count()).toBe(es.notes.filter((n) => n.colour === 'blue').length);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByRole('article').count()).toBe(total);

    // Overview: jumps to row 9, unfolding it, and puts focus on its first note.
    const morale = factorName('morale_culture');
    const overview = page.getByRole('navigation', { name: 'Overview: jump to a row' });
    await overview.getByRole('button', { name: new RegExp(`^${morale}: 6 notes`) }).click();
    await expect.poll(() => focusedCellName(page)).toBe(`${morale}: Strengths`);
    const inView = () =>
      page.evaluate(() => {
        const r = document.activeElement!.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
    await expect.poll(inView).toBe(true);

    // Fold a row: its cells go, a count stays; the fold is remembered after a reload.
    await page.getByRole('button', { name: 'Fold row: Transparency' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Transparency: Strengths' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Unfold row: Transparency' }).getAttribute('aria-expanded')).toBe('false');
    await page.reload();
    await page.getByRole('article').first().waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Unfold row: Transparency' }).count()).toBe(1);
    expect(await page.getByRole('group', { name: 'Transparency: Strengths' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Unfold row: Transparency' }).click();
    await expect.poll(() => page.getByRole('group', { name: 'Transparency: Strengths' }).count()).toBe(1);
    await page.context().close();
  });

  it('60 notes measure about two laptop screens; a 360 px phone shows notes on its first screen and keeps the status bar in view at row 9', async () => {
    await voteAndDiscuss(es);

    const facilitator = await openAs(ctx.browser, es.workshop.links.facilitator, 'María', LAPTOP, 'es-ES');
    const laptopFacilitator = await boardHeight(facilitator);
    const participant = await openAs(ctx.browser, es.workshop.links.participant, 'Gabriel', LAPTOP, 'es-ES');
    const laptopParticipant = await boardHeight(participant);
    console.log(
      `[dense board] 60 notes at 1280x800: facilitator ${laptopFacilitator}px (${(laptopFacilitator / LAPTOP.height).toFixed(2)} screens), participant ${laptopParticipant}px (${(laptopParticipant / LAPTOP.height).toFixed(2)} screens)`,
    );
    await screenshot(facilitator, 'board-60-es-laptop');
    expect(laptopFacilitator).toBeLessThanOrEqual(2.5 * LAPTOP.height);
    expect(laptopParticipant).toBeLessThanOrEqual(2.5 * LAPTOP.height);
    // The first laptop screen shows notes, with the facilitation panel beside the board, not above it.
    const firstNote = await facilitator.getByRole('article').first().boundingBox();
    expect(firstNote!.y).toBeLessThan(LAPTOP.height);

    // Sort by votes in Discuss: most votes first in each cell.
    const hrmGaps = participant.getByRole('group', { name: 'Administración de recursos humanos: Brechas' });
    const seededOrder = es.notes.filter((n) => n.row === 'hrm' && n.column === 'gaps').map((n) => n.text);
    await expect.poll(() => hrmGaps.getByRole('article').locator('p[dir="auto"]').allTextContents()).toEqual(seededOrder);
    await participant.getByRole('checkbox', { name: 'Más votadas primero' }).check();
    await expect.poll(() => hrmGaps.getByRole('article').locator('p[dir="auto"]').allTextContents()).toEqual([seededOrder[2], seededOrder[1], seededOrder[0]]);

    const phone = await openAs(ctx.browser, es.workshop.links.participant, 'Lucía', PHONE, 'es-ES');
    const phoneHeight = await boardHeight(phone);
    console.log(`[dense board] 60 notes at 360x740: ${phoneHeight}px (${(phoneHeight / PHONE.height).toFixed(2)} screens)`);
    const firstOnPhone = await phone.getByRole('article').first().boundingBox();
    console.log(`[dense board] first note on the phone starts at y=${Math.round(firstOnPhone!.y)}px`);
    expect(firstOnPhone!.y).toBeLessThan(PHONE.height - 40);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const bar = phone.getByRole('region', { name: 'Estado de la sesión' });
    const barBox = await bar.boundingBox();
    expect(barBox!.height).toBeLessThan(52); // one line
    await screenshot(phone, 'board-60-es-phone');

    const moral = FACTORS.find((f) => f.key === 'morale_culture')!.names.es;
    await phone.getByRole('navigation', { name: 'Vista general: ir a una fila' }).getByRole('button', { name: new RegExp(`^${moral}:`) }).click();
    await expect.poll(() => phone.evaluate(() => window.scrollY)).toBeGreaterThan(PHONE.height);
    await expect.poll(async () => (await bar.boundingBox())?.y).toBe(0);
    const timer = await bar.getByRole('timer').boundingBox();
    expect(timer!.y).toBeGreaterThanOrEqual(0);
    expect(timer!.y + timer!.height).toBeLessThan(60);
    for (const page of [facilitator, participant, phone]) await page.context().close();
  });

  it('every action of a card is in its one menu, reached by keyboard', async () => {
    const page = await openAs(ctx.browser, es.workshop.links.facilitator, 'María', LAPTOP, 'en-GB');
    const cell = page.getByRole('group', { name: 'Human Resource Management: Gaps' });
    const card = cell.getByRole('article').first();
    // One menu button per card, no other buttons on it outside voting.
    expect(await card.getByRole('button').count()).toBe(1);
    await card.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Actions for this note' });
    await expect.poll(() => menu.isVisible()).toBe(true);
    const names: string[] = [];
    for (let i = 0; i < 8; i++) {
      const name = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      if (names.includes(name)) break;
      names.push(name);
      await page.keyboard.press('ArrowDown');
    }
    expect(names).toEqual(['Edit', 'Move', 'Select note', 'Spotlight', 'Delete']);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('ARTICLE');

    // Select two notes through their menus: the cell offers to group (not in Discuss) or merge them.
    for (const n of [0, 1]) {
      await cell.getByRole('article').nth(n).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('menuitemcheckbox', { name: 'Select note' }).focus();
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => cell.getByRole('button', { name: 'Merge into…' }).count()).toBe(1);
    await cell.getByRole('button', { name: 'Clear selection' }).click();

    // Shortcuts on the card: E edits (Escape gives focus back), Delete asks first.
    await card.focus();
    await page.keyboard.press('e');
    await expect.poll(() => page.getByRole('form', { name: 'Edit note' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('ARTICLE');
    await page.keyboard.press('Delete');
    const confirm = page.getByRole('dialog', { name: 'Delete this note?' });
    await expect.poll(() => confirm.isVisible()).toBe(true);
    await confirm.getByRole('button', { name: 'Keep note' }).click();
    expect(await cell.getByRole('article').count()).toBe(3);
    await page.context().close();
  });

  it('the same board in Arabic reads right to left, fits 360 px, and arrows follow the reading direction', async () => {
    const ar = await seedWorkshop(ctx.server, 'جمارك: ثقافة النزاهة', 'ar');
    await voteAndDiscuss(ar);
    const laptop = await openAs(ctx.browser, ar.workshop.links.facilitator, 'مريم', LAPTOP, 'ar');
    expect(await laptop.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const laptopHeight = await boardHeight(laptop);
    console.log(`[dense board] Arabic, 60 notes at 1280x800: ${laptopHeight}px (${(laptopHeight / LAPTOP.height).toFixed(2)} screens)`);
    // ArrowLeft goes forward in right-to-left: from Strengths to Gaps.
    const strengths = laptop.locator('[data-cell="transparency:strengths"]');
    await strengths.getByRole('article').first().focus();
    await laptop.keyboard.press('ArrowLeft');
    expect(await laptop.evaluate(() => document.activeElement?.closest('[data-cell]')?.getAttribute('data-cell'))).toBe('transparency:gaps');
    await screenshot(laptop, 'board-60-ar-laptop');

    const phone = await openAs(ctx.browser, ar.workshop.links.participant, 'ليلى', PHONE, 'ar');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const first = await phone.getByRole('article').first().boundingBox();
    expect(first!.y).toBeLessThan(PHONE.height - 40);
    await screenshot(phone, 'board-60-ar-phone');
    for (const m of [ar.facilitator, ...ar.writers]) m.close();
    for (const page of [laptop, phone]) await page.context().close();
  });
});
