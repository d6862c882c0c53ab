import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addNote, createWorkshopInBrowser, joinWithCode, noteTexts, useServerAndBrowser } from './browserSteps.ts';

/** Group 1 takes factors 1-5 and group 2 factors 6-10 when two groups share the ten. */
const ROW_OF_GROUP: Record<string, string> = { '1': 'transparency', '2': 'hrm' };

async function groupOf(page: Page): Promise<string> {
  const banner = page.getByText(/You are in Group \d+/);
  await banner.waitFor();
  return (await banner.textContent())!.match(/Group (\d+)/)![1]!;
}

describe('breakouts in Chromium: a facilitator and four participants in two groups', () => {
  const ctx = useServerAndBrowser();

  it('split by unit, each group writes on its own board (one on a phone), everyone comes back to every note once', async () => {
    const { facilitator, joinCode } = await createWorkshopInBrowser(ctx.browser, ctx.server.url, 'Breakout rehearsal');
    const people = [
      await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Carla', 'SENAE'),
      await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Diego', 'SENAE', 360),
      await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Esther', 'DIAN'),
      await joinWithCode(ctx.browser, ctx.server.url, joinCode, 'Fabio', 'DIAN'),
    ];
    const phone = people[1]!;
    await phone.setViewportSize({ width: 360, height: 740 });

    const section = facilitator.getByRole('region', { name: 'Breakout groups' });
    await section.getByLabel('How to split').selectOption('keepUnits');
    await section.getByLabel('Factors per group').selectOption('shares');
    await expect.poll(async () => {
      await section.getByRole('button', { name: 'Preview the split' }).click();
      return section.getByRole('combobox', { name: /^Group of / }).count();
    }).toBe(4);
    // By hand: the keyboard way (a group picker per person) moves Carla, dragging her name brings her back.
    const picker = () => section.getByRole('combobox', { name: 'Group of Carla' });
    const before = await picker().inputValue();
    await picker().selectOption(before === '0' ? '1' : '0');
    await expect.poll(() => picker().inputValue()).not.toBe(before);
    const groupItems = section.getByRole('list', { name: 'Breakout groups' }).locator(':scope > li');
    await section.getByText('Carla', { exact: true }).dragTo(groupItems.nth(Number(before)));
    await expect.poll(() => picker().inputValue()).toBe(before);
    await section.getByRole('button', { name: 'Start breakouts' }).click();
    await section.getByRole('table', { name: 'Groups at a glance' }).waitFor();

    const groups = await Promise.all(people.map(groupOf));
    expect(groups.slice().sort()).toEqual(['1', '1', '2', '2']);
    // Kept by unit: the two SENAE people share a group, the two DIAN people the other.
    expect(groups[0]).toBe(groups[1]);
    expect(groups[2]).toBe(groups[3]);

    const texts = people.map((_, i) => `Breakout note ${i} from group ${groups[i]}`);
    for (const [i, page] of people.entries()) await addNote(page, ROW_OF_GROUP[groups[i]!]!, 'gaps', texts[i]!);
    // Each group sees its own notes and never the other group's.
    for (const [i, page] of people.entries()) {
      const mine = texts.filter((_, k) => groups[k] === groups[i]);
      await expect.poll(() => noteTexts(page, ROW_OF_GROUP[groups[i]!]!, 'gaps')).toEqual(expect.arrayContaining(mine));
      expect(await page.getByTestId('note-text').allTextContents()).toHaveLength(2);
    }
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The plenary stays readable for a participant meanwhile, read-only: a toggle shows it and goes back.
    const plenaryText = 'Plenary note written while groups work';
    await addNote(facilitator, 'transparency', 'gaps', plenaryText);
    const carla = people[0]!;
    const toPlenary = carla.getByRole('button', { name: 'Plenary (read-only)' });
    const toGroup = carla.getByRole('button', { name: 'Group board' });
    expect(await toGroup.getAttribute('aria-pressed')).toBe('true');
    await toPlenary.focus();
    await carla.keyboard.press('Enter');
    await expect.poll(() => toPlenary.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => carla.getByTestId('note-text').allTextContents()).toEqual([plenaryText]);
    await carla.getByText('You are looking at the plenary board. It is read-only while groups work.').waitFor();
    expect(await carla.getByRole('button', { name: /^Add note/ }).count()).toBe(0);
    await toGroup.click();
    await expect.poll(() => carla.getByTestId('note-text').allTextContents()).toEqual(expect.arrayContaining(texts.filter((_, k) => groups[k] === groups[0])));
    expect(await carla.getByTestId('note-text').allTextContents()).not.toContain(plenaryText);
    expect(await carla.getByRole('button', { name: /^Add note/ }).count()).toBeGreaterThan(0);

    // A download per group in the facilitator's overview: the group's board, with its provenance.
    const downloaded = facilitator.waitForEvent('download');
    await section.getByLabel('Format of group downloads').selectOption('md');
    await section.getByRole('button', { name: `Download Group ${groups[0]}` }).click();
    const file = await downloaded;
    expect(file.suggestedFilename()).toMatch(new RegExp(`-r1g${groups[0]}-\\d{4}-\\d{2}-\\d{2}\\.md$`));

    await section.getByLabel('Countdown for groups still writing (seconds)').fill('0');
    await section.getByRole('button', { name: 'Bring everyone back' }).click();
    for (const page of [facilitator, ...people]) {
      await expect.poll(() => page.getByTestId('note-text').allTextContents(), { timeout: 15_000 }).toEqual(expect.arrayContaining([...texts, plenaryText]));
      expect(await page.getByTestId('note-text').allTextContents()).toHaveLength(5);
      await expect.poll(() => page.getByText(/From Group [12]/).count()).toBe(4);
    }
    await expect.poll(() => phone.getByText(/You are in Group/).count()).toBe(0);
    expect(await carla.getByRole('button', { name: 'Plenary (read-only)' }).count()).toBe(0);
  });
});
