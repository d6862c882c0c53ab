import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { ReportModel, ReportNote } from '../../shared/export/reportModel.ts';
import { startsRightToLeft } from '../../shared/export/textDirection.ts';

type Block = Paragraph | Table;

/**
 * The session report as a Word document. Labels follow the report's language; each user text
 * (note, name, summary) is its own paragraph whose direction follows its first strong letter, so
 * an Arabic note in a Spanish report stays right to left, and a Latin one in an Arabic report left
 * to right. Word escapes everything: a note is never a field, link or formula.
 */
export function renderDocx(report: ReportModel): Promise<Buffer> {
  const rtlOf = (text: string, label: boolean) => (label ? report.rtl : startsRightToLeft(text));
  type RunStyle = { bold?: boolean; italics?: boolean; size?: number };
  // Only what differs from the defaults is set: a 5,000-note report builds tens of thousands of runs.
  const runs = (text: string, rtl: boolean, style: RunStyle = {}, breakBefore = false) =>
    text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line, i) => new TextRun({ text: line, break: i > 0 || breakBefore ? 1 : undefined, rightToLeft: rtl || undefined, ...style }));
  type ParaOptions = { label?: boolean; heading?: (typeof HeadingLevel)[keyof typeof HeadingLevel]; indent?: number; bullet?: number } & RunStyle;
  /** A paragraph of translated label text (label) or of user text (not label). */
  const para = (text: string, opts: ParaOptions = {}) => {
    const rtl = rtlOf(text, opts.label ?? false);
    const { label: _label, heading, indent, bullet, ...style } = opts;
    return new Paragraph({
      heading,
      bidirectional: rtl || undefined,
      bullet: bullet !== undefined ? { level: bullet } : undefined,
      indent: indent !== undefined ? { start: indent } : undefined,
      children: runs(text, rtl, style),
    });
  };
  const label = (text: string, opts: ParaOptions = {}) => para(text, { ...opts, label: true });
  /** A note and its line of votes and author, as one paragraph (the meta line after a break). */
  const noteParagraph = (text: string, meta: string, indent: number) => {
    const rtl = startsRightToLeft(text);
    return new Paragraph({
      bidirectional: rtl || undefined,
      indent: { start: indent },
      spacing: { after: 80 },
      children: [...runs(text, rtl), ...(meta ? runs(meta, rtl, { italics: true, size: 18 }, true) : [])],
    });
  };

  const note = (n: ReportNote): Block[] => [
    noteParagraph(n.text, n.meta, 360),
    ...(n.stackHeading ? [label(n.stackHeading, { indent: 720, size: 18 })] : []),
    ...n.stack.map((s) => noteParagraph(s.text, s.meta, 1080)),
  ];

  const children: Block[] = [
    label(report.title, { heading: HeadingLevel.TITLE }),
    label(report.status, { bold: true }),
    label(report.exportedAt, { italics: true }),
    ...report.info.flatMap((i) => [label(i.label, { bold: true }), para(i.value)]),
    label(report.people.heading, { heading: HeadingLevel.HEADING_1 }),
    ...report.people.lists.flatMap((list) => [label(list.label, { heading: HeadingLevel.HEADING_3 }), ...list.entries.map((e) => para(e, { bullet: 0 }))]),
    label(report.people.participantsLabel, { heading: HeadingLevel.HEADING_3 }),
    label(report.people.participantsTotal),
    ...report.people.participants.map((p) => para(`${p.label}: ${p.count}`, { bullet: 0 })),
    ...(report.people.anonymousNote ? [label(report.people.anonymousNote, { italics: true })] : []),
  ];

  for (const board of report.boards) {
    children.push(new Paragraph({ pageBreakBefore: true, bidirectional: report.rtl || undefined, heading: HeadingLevel.HEADING_1, children: runs(board.heading, report.rtl) }));
    for (const section of board.sections) {
      children.push(label(section.heading, { heading: HeadingLevel.HEADING_2 }));
      if (section.cips) {
        children.push(label(section.cips.heading, { bold: true }), ...section.cips.lines.map((line) => label(line, { bullet: 0 })));
      }
      for (const column of section.columns) {
        children.push(label(column.heading, { heading: HeadingLevel.HEADING_3 }));
        if (column.empty) children.push(label(column.empty, { italics: true }));
        for (const block of column.blocks) {
          if (block.heading) children.push(para(block.heading, { bold: true }));
          for (const n of block.notes) children.push(...note(n));
        }
      }
    }
    children.push(label(board.actions.heading, { heading: HeadingLevel.HEADING_2 }));
    if (board.actions.none) children.push(label(board.actions.none, { italics: true }));
    else {
      const cell = (text: string, header: boolean) => new TableCell({ children: [header ? label(text, { bold: true }) : para(text)] });
      children.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          visuallyRightToLeft: report.rtl,
          rows: [
            new TableRow({ tableHeader: true, children: board.actions.columns.map((c) => cell(c, true)) }),
            ...board.actions.rows.map((row) => new TableRow({ children: row.map((c) => cell(c, false)) })),
          ],
        }),
      );
    }
    children.push(label(board.summary.heading, { heading: HeadingLevel.HEADING_2 }));
    children.push(board.summary.text !== null ? para(board.summary.text) : label(board.summary.none, { italics: true }));
  }

  const pageParts: ParagraphChild[] = report.pageOf
    .split(/(\{page\}|\{pages\})/)
    .filter((p) => p !== '')
    .map((p) => (p === '{page}' ? new TextRun({ children: [PageNumber.CURRENT] }) : p === '{pages}' ? new TextRun({ children: [PageNumber.TOTAL_PAGES] }) : new TextRun({ text: p, rightToLeft: report.rtl })));
  const doc = new Document({
    title: report.title,
    creator: 'Integrity Board',
    styles: { default: { document: { run: { font: 'Calibri', rightToLeft: report.rtl } } } },
    sections: [
      {
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, bidirectional: report.rtl, children: pageParts })] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
