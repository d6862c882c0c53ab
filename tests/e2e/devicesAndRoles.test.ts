import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPersonContext } from '../helpers/browser.ts';
import { createWorkshop } from '../helpers/workshops.ts';
import { addNote, joinStep, noteMenuItem, useServerAndBrowser, waitConnected } from './browserSteps.ts';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('one browser, several roles; one person, several devices', () => {
  const ctx = useServerAndBrowser();

  it('a facilitator who previews the participant link keeps her facilitator session and can switch back after a reload', async () => {
    const workshop = await createWorkshop(ctx.server, { title: 'Preview workshop' });
    const page = await (await newPersonContext(ctx.browser)).newPage();
    await page.goto(`${ctx.server.url}/w/${workshop.id}#k=${workshop.secrets.facilitator}`);
    await joinStep(page, 'María', 'DNA Uruguay');
    await page.getByRole('region', { name: 'People and sessions' }).waitFor();

    // The participant link in the same browser: her session is kept, and she is told so.
    await page.goto(`${ctx.server.url}/w/${workshop.id}#k=${workshop.secrets.participant}`);
    await expect.poll(() => page.getByText('You are signed in here as Facilitator').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Back to Facilitator' }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await joinStep(page, 'María (preview)', 'DNA Uruguay');
    expect(await page.getByRole('region', { name: 'People and sessions' }).count()).toBe(0);

    await page.reload();
    await waitConnected(page);
    const switchBack = page.getByRole('button', { name: 'Switch to Facilitator' });
    await switchBack.click();
    await page.getByRole('region', { name: 'People and sessions' }).waitFor();
    await page.reload();
    await waitConnected(page);
    await page.getByRole('region', { name: 'People and sessions' }).waitFor();
    expect(await page.getByRole('button', { name: 'Switch to Participant' }).count()).toBe(1);

    // The invite screen's QR code, with a name; it opens the join form with the code and her remembered name.
    const qr = page.getByRole('img', { name: `QR code: opens the join page with the code ${workshop.joinCode}` });
    await qr.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    await page.goto(`${ctx.server.url}/?code=${workshop.joinCode}`);
    expect(await page.getByLabel('Join code').inputValue()).toBe(workshop.joinCode);
    expect(await page.getByLabel('Your name').inputValue()).toBe('María (preview)');
    await page.context().close();
  });

  it('a participant opens her personal link on a second device and edits her earlier note there; the link works once', async () => {
    const workshop = await createWorkshop(ctx.server, { title: 'Two devices' });
    const laptop = await (await newPersonContext(ctx.browser)).newPage();
    await laptop.goto(`${ctx.server.url}/w/${workshop.id}#k=${workshop.secrets.participant}`);
    await joinStep(laptop, 'Ana', 'SENAE');
    await addNote(laptop, 'hrm', 'strengths', 'Promotions follow loyalty');

    await laptop.getByRole('button', { name: 'Use on another device' }).click();
    const dialog = laptop.getByRole('dialog', { name: 'Open your session on another device' });
    const link = dialog.getByRole('textbox', { name: 'Your personal link' });
    await expect.poll(() => link.inputValue()).toMatch(/#d=/);
    const url = await link.inputValue();
    await dialog.getByRole('img', { name: 'QR code of your personal link' }).waitFor();
    expect(await seriousViolations(laptop)).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();

    const phone = await (await newPersonContext(ctx.browser, { width: 420 })).newPage();
    await phone.goto(url);
    await waitConnected(phone);
    expect(phone.url()).not.toContain('#d=');
    const cell = phone.getByTestId('cell-hrm-strengths');
    await (await noteMenuItem(cell.getByRole('article'), 'Edit')).click();
    await phone.getByLabel('Note text').fill('Promotions follow loyalty, not merit');
    await phone.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => laptop.getByTestId('cell-hrm-strengths').getByTestId('note-text').allTextContents()).toContain('Promotions follow loyalty, not merit');

    const someoneElse = await (await newPersonContext(ctx.browser)).newPage();
    await someoneElse.goto(url);
    await someoneElse.getByRole('alert').filter({ hasText: 'This personal link has already been used.' }).waitFor();

    // Another participant's browser: asked before Ana's session would take the place of his.
    const bruno = await (await newPersonContext(ctx.browser)).newPage();
    await bruno.goto(`${ctx.server.url}/w/${workshop.id}#k=${workshop.secrets.participant}`);
    await joinStep(bruno, 'Bruno', 'DGA');
    await laptop.getByRole('button', { name: 'Use on another device' }).click();
    await expect.poll(() => dialog.getByRole('textbox', { name: 'Your personal link' }).inputValue()).not.toBe(url);
    const second = await dialog.getByRole('textbox', { name: 'Your personal link' }).inputValue();
    // Same origin as Bruno's page (the link says PUBLIC_URL, localhost; the test server is 127.0.0.1).
    const sameOrigin = new URL(second);
    await bruno.goto(`${ctx.server.url}${sameOrigin.pathname}${sameOrigin.hash}`);
    await bruno.getByRole('heading', { name: 'This browser already holds another person’s session as Participant' }).waitFor();
    await bruno.getByRole('button', { name: 'Keep the session of Bruno' }).click();
    await waitConnected(bruno);
    await expect.poll(() => bruno.getByText('You: Bruno').count()).toBe(1);
    for (const page of [laptop, phone, someoneElse, bruno]) await page.context().close();
  });

  it('the workshop’s language is the default of people who join, their own choice wins, and a Latin title in Arabic is isolated', async () => {
    const title = 'Customs "Integrity" 2026 – HQ';
    const workshop = await createWorkshop(ctx.server, { title, languages: ['ar'], dates: '3–4 March 2027', description: 'Risk management review' });
    const page = await (await newPersonContext(ctx.browser)).newPage();
    await page.goto(`${ctx.server.url}/w/${workshop.id}#k=${workshop.secrets.participant}`);
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent()).toBe(`الانضمام إلى «${title}»`);
    expect(await heading.locator('bdi').allTextContents()).toEqual([title]);
    expect(await page.title()).toContain(`«\u2068${title}\u2069»`);

    await page.getByLabel('اللغة').first().selectOption('en');
    await expect.poll(() => heading.textContent()).toBe(`Join “${title}”`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Join “${title}”` }).waitFor();
    await joinStep(page, 'Ana', 'SENAE');
    await page.getByText('About this workshop').click();
    await expect.poll(() => page.getByText('3–4 March 2027').count()).toBe(1);
    expect(await page.getByText('Risk management review').count()).toBe(1);
    await page.context().close();
  });
});
