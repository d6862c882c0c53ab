import { readFile, writeFile } from 'node:fs/promises';
import type { Row, ScenarioResult, TargetName } from './sideBySide.ts';

const TARGET_LABELS: Record<TargetName, string> = {
  reference: 'reference (@y/websocket-server 0.1.1)',
  before: 'Integrity Board before',
  after: 'Integrity Board',
};

function figure(value: number | undefined, unit: Row['unit']): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (unit === 'count') return String(Math.round(value));
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
  return `${(a / b).toFixed(2)}×`;
}

/** One scenario as a Markdown section: every target's figure, after/reference and after/before. */
export function scenarioMarkdown(result: ScenarioResult, date: string): string {
  const targets = (['reference', 'before', 'after'] as TargetName[]).filter((t) => result.loadBefore[t] !== undefined);
  const header = ['metric', ...targets.map((t) => TARGET_LABELS[t]), 'after ÷ reference', ...(targets.includes('before') ? ['after ÷ before'] : [])];
  const lines = [
    `### ${result.scenario}`,
    '',
    `${result.description} Run ${date}.`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
  ];
  for (const row of result.rows) {
    const cells = [row.metric, ...targets.map((t) => figure(row.values[t], row.unit)), ratio(row.values.after, row.values.reference)];
    if (targets.includes('before')) cells.push(ratio(row.values.after, row.values.before));
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push(`| load average before the run (1 / 5 / 15 min) | ${targets.map((t) => result.loadBefore[t]).join(' | ')} | | ${targets.includes('before') ? '|' : ''}`);
  for (const note of result.notes) lines.push('', `Note: ${note}`);
  return lines.join('\n');
}

const START = (scenario: string) => `<!-- side-by-side:${scenario}:start -->`;
const END = (scenario: string) => `<!-- side-by-side:${scenario}:end -->`;
const SECTION_START = '<!-- side-by-side:start -->';
const SECTION_END = '<!-- side-by-side:end -->';

/**
 * Puts each scenario's section into the file, replacing that scenario's earlier figures only, so a
 * run of one scenario (`npm run bench -- --scenario connect`) leaves the others as they were.
 */
export async function writeScenarios(file: string, results: ScenarioResult[], date: string, preamble: string): Promise<void> {
  let text = await readFile(file, 'utf8').catch(() => '');
  if (!text.includes(SECTION_START)) {
    text = `${text.trimEnd()}\n\n${SECTION_START}\n## Side by side with the reference y-websocket server\n\n${preamble}\n${SECTION_END}\n`;
  }
  for (const result of results) {
    const block = `${START(result.scenario)}\n${scenarioMarkdown(result, date)}\n${END(result.scenario)}`;
    const from = text.indexOf(START(result.scenario));
    const to = text.indexOf(END(result.scenario));
    if (from >= 0 && to > from) text = text.slice(0, from) + block + text.slice(to + END(result.scenario).length);
    else text = text.replace(SECTION_END, `${block}\n\n${SECTION_END}`);
  }
  await writeFile(file, text);
}

/** The side-by-side section of a BENCHMARKS.md, to carry over when the classic part is rewritten. */
export function sideBySideSection(text: string): string {
  const from = text.indexOf(SECTION_START);
  const to = text.indexOf(SECTION_END);
  return from >= 0 && to > from ? text.slice(from, to + SECTION_END.length) : '';
}
