import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPersonContext } from '../helpers/browser.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

async function join(page: Page, name: string, administration: string): Promise<void> {
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-administration').fill(administration);
  await page.getByTestId('join-submit').click();
  await expect.poll(() => page.getByTestId('connection-status').getAttribute('data-status')).toBe('connected');
}

async function addNote(page: Page, factor: string, column: string, text: string): Promise<void> {
  await page.getByTestId(`add-note-${factor}-${column}`).click();
  await page.getByTestId('note-editor-text').fill(text);
  await page.getByTestId('note-editor-save').click();
}

describe('two people share a board in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (server) await removeDataDir(server.dataDir);
  });

  it('a note added in one context appears in the other, survives a reload, and the board is screenshotted', async () => {
    const facilitator = await (await newPersonContext(browser)).newPage();
    await facilitator.goto(server.url);
    await facilitator.getByTestId('create-board-title').fill('SENAE integrity workshop, session 1');
    await facilitator.getByTestId('create-board-submit').click();
    await facilitator.waitForURL(/\/b\/[A-Za-z0-9_-]+/);
    const boardUrl = facilitator.url();
    await join(facilitator, 'María', 'DNA Uruguay');

    const participant = await (await newPersonContext(browser)).newPage();
    await participant.goto(boardUrl);
    await join(participant, 'Jorge', 'SENAE Ecuador');
    await expect.poll(() => participant.getByTestId('board-title').textContent()).toContain('SENAE integrity workshop');

    await addNote(facilitator, 'transparency', 'gaps', 'Appeal routes are not published');
    await addNote(participant, 'hrm', 'strengths', 'Merit-based recruitment exams');

    const inParticipantView = participant.getByTestId('cell-transparency-gaps').getByTestId('note-text');
    await expect.poll(() => inParticipantView.allTextContents()).toEqual(['Appeal routes are not published']);
    const inFacilitatorView = facilitator.getByTestId('cell-hrm-strengths').getByTestId('note-text');
    await expect.poll(() => inFacilitatorView.allTextContents()).toEqual(['Merit-based recruitment exams']);

    // Only the author gets edit and delete controls.
    await expect.poll(() => participant.getByTestId('cell-transparency-gaps').getByTestId('note-edit').count()).toBe(0);
    await expect.poll(() => facilitator.getByTestId('cell-transparency-gaps').getByTestId('note-edit').count()).toBe(1);

    await participant.reload();
    await expect.poll(() => participant.getByTestId('connection-status').getAttribute('data-status')).toBe('connected');
    await expect.poll(() => participant.getByTestId('cell-transparency-gaps').getByTestId('note-text').allTextContents()).toEqual([
      'Appeal routes are not published',
    ]);
    await expect.poll(() => participant.getByTestId('cell-hrm-strengths').getByTestId('note-edit').count()).toBe(1);

    await addNote(facilitator, 'leadership_commitment', 'strengths', 'The Director General opened the workshop');
    await addNote(participant, 'private_sector', 'gaps', 'Brokers expect informal fast lanes');
    await expect.poll(() => facilitator.getByTestId('note').count()).toBe(4);
    await facilitator.screenshot({ path: path.join(ROOT, 'docs', 'board.png'), fullPage: false });
  });

  it('the board stacks its cells at 360 px and the language switch translates the factors', async () => {
    const page = await (await newPersonContext(browser, { width: 360, height: 780 })).newPage();
    await page.goto(server.url);
    await page.getByTestId('create-board-title').fill('Phone check');
    await page.getByTestId('create-board-submit').click();
    await page.waitForURL(/\/b\//);
    await join(page, 'Lucía', 'AFIP');
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(360);
    await page.getByTestId('language-select').selectOption('es');
    await expect.poll(() => page.getByTestId('cell-hrm-gaps').textContent()).toBeTruthy();
    await expect.poll(() => page.locator('body').textContent()).toContain('Administración de recursos humanos');
    await page.getByTestId('language-select').selectOption('ar');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
  });
});
