import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../shared/i18n/translate.ts';
import { addNote, createWorkshopInBrowser, joinWithCode, useServerAndBrowser } from './browserSteps.ts';

describe('a facilitator deletes a workshop from the facilitation panel', () => {
  const ctx = useServerAndBrowser();

  it('offers an export first, asks for the title, then everyone sees that the workshop was deleted', async () => {
    const title = 'Workshop to delete';
    const { facilitator: f, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, title);
    const ana = await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Ana', 'SENAE');
    await addNote(ana, 'hrm', 'gaps', 'Rotation is rare');
    await ana.getByTestId('language-select').first().selectOption('ar');
    const workshopId = new URL(f.url()).pathname.split('/').pop()!;

    await f.getByTestId('delete-workshop-button').click();
    const dialog = f.getByTestId('delete-workshop-dialog');
    await dialog.waitFor();
    await expect.poll(() => f.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('delete-export-json');
    const axe = await new AxeBuilder({ page: f }).include('[data-testid="delete-workshop-dialog"]').withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

    // The export is fetched with the session token in a header, never in the address.
    const exportRequest = f.waitForRequest((request) => request.url().includes(`/api/workshops/${workshopId}/export`));
    const downloaded = f.waitForEvent('download');
    await f.getByTestId('delete-export-json').click();
    const request = await exportRequest;
    expect(new URL(request.url()).search).toBe('?format=json&lang=en&board=all');
    expect(request.headers().authorization).toMatch(/^Bearer [A-Za-z0-9_-]{20,}$/);
    // The file arrives, and it is the whole workshop.
    const file = await downloaded;
    expect(file.suggestedFilename()).toMatch(/\.json$/);
    const saved = await file.path();
    expect(JSON.parse(await readFile(saved, 'utf8'))).toMatchObject({ meta: { title } });

    // A title that does not match keeps the button disabled and says why.
    await f.getByTestId('delete-title-input').fill('Workshop');
    expect(await f.getByTestId('delete-confirm').isDisabled()).toBe(true);
    await f.getByTestId('delete-title-input').press('Enter');
    expect(await ctx.server.services.stores.workshops.getWorkshop(workshopId)).not.toBeNull();

    await f.getByTestId('delete-title-input').fill(title);
    if (process.env.SCREENSHOT_DIR) await f.screenshot({ path: `${process.env.SCREENSHOT_DIR}/delete-dialog.png` });
    await f.getByTestId('delete-confirm').click();

    for (const page of [f, ana]) {
      await expect.poll(() => page.getByTestId('session-ended').getAttribute('data-error')).toBe('WORKSHOP_DELETED');
    }
    const ar = await loadCatalogue('ar');
    await expect.poll(() => ana.getByTestId('session-ended').textContent()).toContain(ar['error.WORKSHOP_DELETED']);
    await expect.poll(() => f.getByTestId('session-ended').textContent()).toContain('This workshop has been deleted by its facilitator.');
    expect(await ctx.server.services.stores.workshops.getWorkshop(workshopId)).toBeNull();
    expect(await ctx.server.services.stores.documents.load(workshopId)).toBeNull();

    // Coming back later: the workshop is gone for good.
    await ana.reload();
    await expect.poll(async () => (await ana.locator('main').textContent()) ?? '').toMatch(/\S/);
    expect(await ana.getByTestId('facilitation-panel').count()).toBe(0);
    expect(await ana.getByTestId('board-grid').count()).toBe(0);
  });
});
