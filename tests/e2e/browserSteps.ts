import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, newPersonContext } from '../helpers/browser.ts';
import { removeDataDir, startTestServer, type TestServer } from '../helpers/testServer.ts';

/** A real server on port 0 and one Chromium for the test file; both closed after it. */
export function useServerAndBrowser(): { readonly server: TestServer; readonly browser: Browser } {
  const state = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    state.server = await startTestServer();
    state.browser = await launchBrowser();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.server?.close();
    if (state.server) await removeDataDir(state.server.dataDir);
  });
  return state;
}

export interface CreatedInBrowser {
  facilitator: Page;
  joinCode: string;
  links: Record<'facilitator' | 'participant' | 'rapporteur' | 'observer', string>;
}

export async function waitConnected(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('connection-status').first().getAttribute('data-status')).toBe('connected');
}

/** Creates a workshop from the home page and enters it as facilitator. */
export async function createWorkshopInBrowser(
  browser: Browser,
  baseUrl: string,
  title: string,
  options: { anonymous?: boolean; width?: number } = {},
): Promise<CreatedInBrowser> {
  const page = await (await newPersonContext(browser, { width: options.width })).newPage();
  await page.goto(baseUrl);
  await page.getByTestId('create-workshop-title').fill(title);
  if (options.anonymous) await page.getByTestId('create-workshop-anonymous').check();
  await page.getByTestId('create-workshop-submit').click();
  await page.getByTestId('workshop-created').waitFor();
  const joinCode = await page.getByTestId('created-join-code').inputValue();
  const links = {
    facilitator: await page.getByTestId('created-link-facilitator').inputValue(),
    participant: await page.getByTestId('created-link-participant').inputValue(),
    rapporteur: await page.getByTestId('created-link-rapporteur').inputValue(),
    observer: await page.getByTestId('created-link-observer').inputValue(),
  };
  await page.getByTestId('open-as-facilitator').click();
  await joinStep(page, 'María', 'DNA Uruguay');
  return { facilitator: page, joinCode, links };
}

export async function joinStep(page: Page, name: string, administration: string): Promise<void> {
  await page.getByTestId('join-name').fill(name);
  await page.getByTestId('join-administration').fill(administration);
  await page.getByTestId('join-submit').click();
  await waitConnected(page);
}

/** A participant who types the join code on the home page. */
export async function joinWithCode(browser: Browser, baseUrl: string, code: string, name: string, administration: string, width?: number): Promise<Page> {
  const page = await (await newPersonContext(browser, { width })).newPage();
  await page.goto(baseUrl);
  await page.getByTestId('join-code-input').fill(code);
  await page.getByTestId('join-code-name').fill(name);
  await page.getByTestId('join-code-administration').fill(administration);
  await page.getByTestId('join-code-submit').click();
  await page.waitForURL(/\/w\//);
  await waitConnected(page);
  return page;
}

export async function addNote(page: Page, row: string, column: string, text: string): Promise<void> {
  await page.getByTestId(`add-note-${row}-${column}`).click();
  await page.getByTestId('note-editor-text').fill(text);
  await page.getByTestId('note-editor-save').click();
  await expect.poll(() => page.getByTestId(`cell-${row}-${column}`).getByTestId('note-text').allTextContents()).toContain(text);
}

export function noteTexts(page: Page, row: string, column: string): Promise<string[]> {
  return page.getByTestId(`cell-${row}-${column}`).getByTestId('note-text').allTextContents();
}

export async function setPhase(page: Page, phase: string, privateWriting?: boolean): Promise<void> {
  await page.getByTestId('phase-select').selectOption(phase);
  if (privateWriting !== undefined) await page.getByTestId('private-writing-toggle').setChecked(privateWriting);
  await page.getByTestId('phase-apply').click();
  await expect.poll(() => page.getByTestId('phase-label').first().getAttribute('data-phase')).toBe(phase);
}

/** Opens a note card's one menu ("Actions for this note") and returns the item with that name. */
export async function noteMenuItem(card: Locator, name: string): Promise<Locator> {
  await card.getByRole('button', { name: 'Actions for this note' }).click();
  return card.getByRole('menu').getByRole(name === 'Select note' ? 'menuitemcheckbox' : 'menuitem', { name, exact: true });
}
