import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';

const run = promisify(execFile);

/** Prints an HTML page to PDF in Chromium (as "Save as PDF" does) and extracts its text with poppler's pdftotext. */
export async function printToPdfText(browser: Browser, html: string): Promise<{ text: string; pages: number }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ib-pdf-'));
  const page = await browser.newPage();
  try {
    const htmlFile = path.join(dir, 'report.html');
    await writeFile(htmlFile, html);
    await page.goto(`file://${htmlFile}`);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pdfFile = path.join(dir, 'report.pdf');
    await writeFile(pdfFile, pdf);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { maxBuffer: 64 * 1024 * 1024 });
    return { text: stdout, pages: stdout.split('\f').filter((p) => p.trim() !== '').length };
  } finally {
    await page.close();
    await rm(dir, { recursive: true, force: true });
  }
}
