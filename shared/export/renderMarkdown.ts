import type { ReportModel, ReportNote } from './reportModel.ts';

/**
 * Makes any text literal in CommonMark (markdown-it, raw HTML on or off): characters that open
 * inline syntax (links, images, emphasis, code, raw HTML, entities) are backslash-escaped wherever
 * they stand, those that open a block (heading, list, quote, rule) at the start of a line, and each
 * line break becomes a hard break that keeps the list item's indentation.
 */
export function escapeMarkdown(text: string, indent = ''): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      line
        .replace(/[\\`*_{}[\]<>&|~]/g, '\\$&')
        .replace(/^(\s*)([#+\-=])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2'),
    )
    .join(`\\\n${indent}`);
}

function note(n: ReportNote, indent: string): string[] {
  const lines = [`${indent}- ${escapeMarkdown(n.text, `${indent}  `)}  `, `${indent}  *${escapeMarkdown(n.meta, `${indent}  `)}*`];
  if (n.stackHeading) {
    lines.push(`${indent}  - ${escapeMarkdown(n.stackHeading)}`);
    for (const s of n.stack) {
      lines.push(`${indent}    - ${escapeMarkdown(s.text, `${indent}      `)}${s.meta ? `  \n${indent}      *${escapeMarkdown(s.meta)}*` : ''}`);
    }
  }
  return lines;
}

/** The session report as Markdown (headings and labels translated, every user text inert). */
export function renderMarkdown(report: ReportModel): string {
  const out: string[] = [];
  const e = (text: string) => escapeMarkdown(text);
  out.push(`# ${e(report.title)}`, '', `**${e(report.status)}**  `, `*${e(report.exportedAt)}*`, '');
  for (const item of report.info) out.push(`**${e(item.label)}:** ${escapeMarkdown(item.value)}`, '');
  out.push(`## ${e(report.people.heading)}`, '');
  for (const list of report.people.lists) {
    out.push(`**${e(list.label)}**`, '', ...list.entries.map((entry) => `- ${e(entry)}`), '');
  }
  out.push(`**${e(report.people.participantsLabel)}** — ${e(report.people.participantsTotal)}`, '');
  for (const p of report.people.participants) out.push(`- ${e(p.label)}: ${p.count}`);
  if (report.people.participants.length > 0) out.push('');
  if (report.people.anonymousNote) out.push(`*${e(report.people.anonymousNote)}*`, '');

  for (const board of report.boards) {
    out.push(`## ${e(board.heading)}`, '');
    for (const section of board.sections) {
      out.push(`### ${e(section.heading)}`, '');
      if (section.cips) {
        out.push(`**${e(section.cips.heading)}**`, '', ...section.cips.lines.map((line) => `- ${e(line)}`), '');
      }
      for (const column of section.columns) {
        out.push(`#### ${e(column.heading)}`, '');
        if (column.empty) out.push(`*${e(column.empty)}*`, '');
        for (const block of column.blocks) {
          if (block.heading) out.push(`**${e(block.heading)}**`, '');
          for (const n of block.notes) out.push(...note(n, ''));
          out.push('');
        }
      }
    }
    out.push(`### ${e(board.actions.heading)}`, '');
    if (board.actions.none) out.push(`*${e(board.actions.none)}*`, '');
    for (const row of board.actions.rows) {
      out.push(`- **${e(row[1] ?? '')}**`);
      board.actions.columns.forEach((label, i) => {
        if (i !== 1 && row[i]) out.push(`  - ${e(label)}: ${escapeMarkdown(row[i] ?? '', '    ')}`);
      });
    }
    if (board.actions.rows.length > 0) out.push('');
    out.push(`### ${e(board.summary.heading)}`, '');
    out.push(board.summary.text !== null ? escapeMarkdown(board.summary.text) : `*${e(board.summary.none)}*`, '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
