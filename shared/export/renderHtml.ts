import type { ReportModel, ReportNote } from './reportModel.ts';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A CSS string literal (for `content:`), safe for any text. */
function cssString(text: string): string {
  return `"${text.replace(/[^\p{L}\p{N} .,:;!?()\-–—]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

/** "Page {page} of {pages}" → `"Page " counter(page) " of " counter(pages)`. */
function pageCounter(template: string): string {
  return template
    .split(/(\{page\}|\{pages\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{page}' ? 'counter(page)' : part === '{pages}' ? 'counter(pages)' : cssString(part)))
    .join(' ');
}

/**
 * The print stylesheet. The page is a document to print or save as PDF: no controls, text wraps
 * instead of being cut, each board starts a page, a factor is kept on one page when it fits, no
 * note is split, and the page number sits in the bottom margin.
 */
export function printStylesheet(report: ReportModel): string {
  return `
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-center { content: ${pageCounter(report.pageOf)}; font: 9pt system-ui, sans-serif; color: #444; } }
html { font: 11pt/1.45 "Noto Sans", "DejaVu Sans", system-ui, sans-serif; color: #111; background: #fff; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 1.8em; margin: 0 0 .3em; }
h2 { font-size: 1.4em; margin: 1.4em 0 .5em; border-bottom: 2px solid #333; }
h3 { font-size: 1.15em; margin: 1.2em 0 .4em; }
h4 { font-size: 1em; margin: .8em 0 .3em; text-transform: none; color: #333; }
h1, h2, h3, h4, .block-heading { break-after: avoid; page-break-after: avoid; }
.status { font-weight: 700; font-size: 1.1em; }
.status.draft { color: #8a4b00; }
.muted { color: #555; font-style: italic; }
.board { break-before: page; page-break-before: always; }
.factor { break-inside: avoid; page-break-inside: avoid; }
.cips { border-inline-start: 4px solid #555; padding-inline-start: .6em; margin: .4em 0 .8em; }
ul.notes { list-style: none; padding: 0; margin: .2em 0 .6em; }
ul.notes > li { border: 1px solid #bbb; border-radius: 4px; padding: .35em .55em; margin: .3em 0; break-inside: avoid; page-break-inside: avoid; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal; }
.meta { font-size: .85em; color: #444; }
ul.stack { list-style: disc; margin: .3em 0 0; padding-inline-start: 1.4em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #999; padding: .25em .4em; text-align: start; vertical-align: top; white-space: pre-wrap; overflow-wrap: anywhere; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.summary { white-space: pre-wrap; overflow-wrap: anywhere; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
`.trim();
}

/** User text: escaped, and isolated so that a right-to-left note keeps its own direction. */
const user = (text: string, tag = 'span', cls = '') => `<${tag}${cls ? ` class="${cls}"` : ''} dir="auto">${escapeHtml(text)}</${tag}>`;

function note(n: ReportNote): string {
  const stack = n.stackHeading
    ? `<div class="meta">${escapeHtml(n.stackHeading)}</div><ul class="stack">${n.stack
        .map((s) => `<li>${user(s.text, 'div', 'text')}${s.meta ? `<div class="meta">${user(s.meta)}</div>` : ''}</li>`)
        .join('')}</ul>`
    : '';
  return `<li>${user(n.text, 'div', 'text')}<div class="meta">${user(n.meta)}</div>${stack}</li>`;
}

/**
 * The printable report page: one self-contained HTML file with its stylesheet inline, no script,
 * no external resource, every text escaped. Arabic reports are laid out right to left.
 */
export function renderHtml(report: ReportModel): string {
  const out: string[] = [];
  const dir = report.rtl ? 'rtl' : 'ltr';
  out.push(
    '<!doctype html>',
    `<html lang="${report.lang}" dir="${dir}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(report.title)}</title>`,
    `<style>${printStylesheet(report)}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1 dir="auto">${escapeHtml(report.title)}</h1>`,
    `<p class="status${report.final ? '' : ' draft'}">${escapeHtml(report.status)}</p>`,
    `<p class="muted">${escapeHtml(report.exportedAt)}</p>`,
  );
  if (report.info.length > 0) {
    out.push('<dl>', ...report.info.map((i) => `<dt>${escapeHtml(i.label)}</dt><dd>${user(i.value, 'div', 'text')}</dd>`), '</dl>');
  }
  out.push('</header>', '<section>', `<h2>${escapeHtml(report.people.heading)}</h2>`);
  for (const list of report.people.lists) {
    out.push(`<h3>${escapeHtml(list.label)}</h3>`, `<ul>${list.entries.map((e) => `<li>${user(e)}</li>`).join('')}</ul>`);
  }
  out.push(`<h3>${escapeHtml(report.people.participantsLabel)}</h3>`, `<p>${escapeHtml(report.people.participantsTotal)}</p>`);
  if (report.people.participants.length > 0) {
    out.push(`<ul>${report.people.participants.map((p) => `<li>${user(p.label)}: ${p.count}</li>`).join('')}</ul>`);
  }
  if (report.people.anonymousNote) out.push(`<p class="muted">${escapeHtml(report.people.anonymousNote)}</p>`);
  out.push('</section>');

  for (const board of report.boards) {
    out.push('<section class="board">', `<h2 dir="auto">${escapeHtml(board.heading)}</h2>`);
    for (const section of board.sections) {
      out.push('<section class="factor">', `<h3 dir="auto">${escapeHtml(section.heading)}</h3>`);
      if (section.cips) {
        out.push(`<div class="cips"><div class="block-heading"><strong>${escapeHtml(section.cips.heading)}</strong></div>`);
        out.push(`<ul>${section.cips.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></div>`);
      }
      for (const column of section.columns) {
        out.push(`<h4 dir="auto">${escapeHtml(column.heading)}</h4>`);
        if (column.empty) out.push(`<p class="muted">${escapeHtml(column.empty)}</p>`);
        for (const block of column.blocks) {
          if (block.heading) out.push(`<div class="block-heading"><strong dir="auto">${escapeHtml(block.heading)}</strong></div>`);
          out.push(`<ul class="notes">${block.notes.map(note).join('')}</ul>`);
        }
      }
      out.push('</section>');
    }
    out.push(`<h3>${escapeHtml(board.actions.heading)}</h3>`);
    if (board.actions.none) out.push(`<p class="muted">${escapeHtml(board.actions.none)}</p>`);
    else {
      out.push(
        '<table>',
        `<thead><tr>${board.actions.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
        `<tbody>${board.actions.rows.map((row) => `<tr>${row.map((cell) => `<td dir="auto">${escapeHtml(cell)}</td>`).join('')}</tr>`).join('')}</tbody>`,
        '</table>',
      );
    }
    out.push(`<h3>${escapeHtml(board.summary.heading)}</h3>`);
    out.push(board.summary.text !== null ? user(board.summary.text, 'div', 'summary') : `<p class="muted">${escapeHtml(board.summary.none)}</p>`);
    out.push('</section>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}
