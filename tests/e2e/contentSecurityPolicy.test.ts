import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPersonContext } from '../helpers/browser.ts';
import { addNote, joinStep, joinWithCode, setPhase, useServerAndBrowser, waitConnected } from './browserSteps.ts';

/** Every refusal the browser reports: `securitypolicyviolation` events and CSP / permissions console errors. */
interface Watch {
  violations: string[];
  watchPage(page: Page): void;
}

async function watchContext(context: BrowserContext): Promise<Watch> {
  const violations: string[] = [];
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => void violations.push(text));
  // Registered before any page script runs (init scripts are not subject to the page's policy).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      void report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} (${e.sample})`);
    });
  });
  return {
    violations,
    watchPage(page: Page) {
      page.on('console', (message) => {
        const text = message.text();
        if (/content security policy|permissions.policy|refused to/i.test(text)) violations.push(`console: ${text}`);
      });
      page.on('pageerror', (err) => violations.push(`page error: ${err.message}`));
    },
  };
}

async function watchedPage(context: BrowserContext, watch: Watch): Promise<Page> {
  const page = await context.newPage();
  watch.watchPage(page);
  return page;
}

describe('the whole app runs under its Content-Security-Policy with no violation', () => {
  const ctx = useServerAndBrowser();

  it('home, create, join, board, facilitation panel, dialogs, timer, vote, freeze and Arabic', async () => {
    const facilitatorContext = await newPersonContext(ctx.browser);
    const participantContext = await newPersonContext(ctx.browser);
    const fw = await watchContext(facilitatorContext);
    const pw = await watchContext(participantContext);

    // Home and workshop creation.
    const f = await watchedPage(facilitatorContext, fw);
    const response = await f.goto(ctx.server.url);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await f.getByTestId('create-workshop-title').fill('CSP check');
    await f.getByTestId('create-workshop-submit').click();
    await f.getByTestId('workshop-created').waitFor();
    const joinCode = await f.getByTestId('created-join-code').inputValue();
    await f.getByTestId('open-as-facilitator').click();
    await joinStep(f, 'María', 'DNA Uruguay');
    await f.getByTestId('facilitation-panel').waitFor();

    // A participant joins by code on the home page of another browser.
    const p = await watchedPage(participantContext, pw);
    await p.goto(ctx.server.url);
    await p.getByTestId('join-code-input').fill(joinCode);
    await p.getByTestId('join-code-name').fill('Ana');
    await p.getByTestId('join-code-administration').fill('SENAE');
    await p.getByTestId('join-code-submit').click();
    await p.waitForURL(/\/w\//);
    await waitConnected(p);

    // Board, note editor dialog, private writing, timer, voting, results.
    await setPhase(f, 'write', true);
    await addNote(p, 'hrm', 'gaps', 'Promotions depend on contacts');
    await addNote(f, 'hrm', 'strengths', 'Clear rotation rules');
    await setPhase(f, 'reveal');
    await f.getByTestId('timer-minutes').fill('1');
    await f.getByTestId('timer-seconds').fill('0');
    await f.getByTestId('timer-start').click();
    await expect.poll(() => p.getByTestId('timer-display').first().getAttribute('data-status')).toBe('running');
    await setPhase(f, 'vote');
    await p.getByTestId('vote-up').first().click();
    await expect.poll(() => p.getByTestId('votes-remaining').first().textContent()).toMatch(/\d/);
    await setPhase(f, 'discuss');

    // The freeze confirmation dialog, opened and dismissed.
    await f.getByTestId('freeze-button').click();
    await f.getByTestId('freeze-confirm').waitFor();
    await f.keyboard.press('Escape');

    // The delete dialog: the export download (fetch and blob), typing the title, then cancelling.
    await f.getByTestId('delete-workshop-button').click();
    await f.getByTestId('delete-export-json').click();
    await f.getByTestId('delete-title-input').fill('CSP');
    await f.getByTestId('delete-cancel').click();
    await f.getByTestId('delete-workshop-dialog').waitFor({ state: 'detached' });

    // Arabic, right to left, for both.
    for (const page of [f, p]) {
      await page.getByTestId('language-select').first().selectOption('ar');
      await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    }
    await addNote(f, 'hrm', 'gaps', 'نص عربي');

    // A fresh load of a workshop page (the path the links open).
    await f.reload();
    await waitConnected(f);

    expect(fw.violations).toEqual([]);
    expect(pw.violations).toEqual([]);
  });

  it('the policy really refuses inline script and inline style attributes (the check can fail)', async () => {
    const context = await newPersonContext(ctx.browser);
    const watch = await watchContext(context);
    const page = await watchedPage(context, watch);
    await page.goto(ctx.server.url);
    await page.getByTestId('create-workshop-title').waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      const div = document.createElement('div');
      div.setAttribute('style', 'color: red');
      document.body.append(div);
    });
    await expect.poll(() => watch.violations.filter((v) => !v.startsWith('console:')).length).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    expect(watch.violations.join('\n')).toMatch(/script-src-elem/);
    expect(watch.violations.join('\n')).toMatch(/style-src-attr/);
  });
});
