import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../shared/export/renderMarkdown.ts';
import { allNoteTexts, HOSTILE, richWorkshop } from '../fixtures/richWorkshop.ts';
import { renderAsText } from '../fixtures/renderFixture.ts';

/** The visible text of rendered HTML (tags dropped, entities decoded). */
function visible(html: string): string {
  return html
    .replace(/<br>\n?/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe('the Markdown export rendered by markdown-it', () => {
  it.each([false, true])('makes no link, image, script or raw HTML out of notes (html option %s)', async (html) => {
    const md = await renderAsText(richWorkshop(), 'md', 'es');
    const rendered = new MarkdownIt({ html }).render(md);
    expect(rendered).not.toMatch(/<(a|img|script|iframe)[\s>]/i);
    expect(rendered).not.toMatch(/<[^>]*\b(href|src|onerror)=/i);
    const text = visible(rendered);
    for (const hostile of Object.values(HOSTILE)) expect(text).toContain(hostile.trim());
  });

  it('with linkify on, links only plain web addresses a note spells out (never javascript:)', async () => {
    const rendered = new MarkdownIt({ html: true, linkify: true }).render(await renderAsText(richWorkshop(), 'md', 'en'));
    const hrefs = [...rendered.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['http://evil.example']);
    expect(rendered).not.toMatch(/<(img|script|iframe)[\s>]|<[^>]*\b(src|onerror)=/i);
  });

  it('shows every note as written, line breaks included', async () => {
    const rendered = visible(new MarkdownIt().render(await renderAsText(richWorkshop(), 'md', 'fr')));
    for (const note of allNoteTexts(richWorkshop())) {
      for (const line of note.split('\n').filter((l) => l.trim() !== '')) expect(rendered).toContain(line.trim());
    }
  });

  it('escapes block syntax at the start of any line of a note', () => {
    const rendered = new MarkdownIt().render(`- ${escapeMarkdown('# not a heading\n- not a list\n1. not ordered\n> not a quote\n===', '  ')}`);
    expect(rendered).not.toMatch(/<h\d|<ol|<blockquote|<ul>\s*<li>\s*<ul/);
  });
});
