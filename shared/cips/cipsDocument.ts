import type * as Y from 'yjs';
import { FACTOR_KEYS, isFactorKey, type FactorKey } from '../factors.ts';
import { CIPS_GROUPS, CIPS_METRICS, type CipsFactorScores, type CipsIndicatorScore, type CipsScore, type CipsScores } from './types.ts';

/** The workshop document root holding imported CIPS scores: `cips.get('scores')` is a `CipsScores`. */
export const cipsRoot = (doc: Y.Doc) => doc.getMap<unknown>('cips');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === 'string';

function parseScore(v: unknown): CipsScore | null {
  if (!isObj(v) || !(CIPS_METRICS as readonly unknown[]).includes(v.metric)) return null;
  if (!num(v.value) || !num(v.scaleMin) || !num(v.scaleMax) || !(v.n === null || num(v.n))) return null;
  return { metric: v.metric as CipsScore['metric'], value: v.value, scaleMin: v.scaleMin, scaleMax: v.scaleMax, n: v.n };
}

function parseFactorScores(v: unknown): CipsFactorScores | null {
  if (!isObj(v)) return null;
  const out = { customs: [], private: [] } as CipsFactorScores;
  for (const group of CIPS_GROUPS) {
    const list = v[group];
    if (!Array.isArray(list)) return null;
    for (const item of list) {
      const score = parseScore(item);
      if (score) out[group].push(score);
    }
  }
  return out;
}

/** Checks an untrusted value (a document replica, an import file) and keeps what is well formed. */
export function parseCipsScores(v: unknown): CipsScores | null {
  if (!isObj(v) || !str(v.surveyId) || !str(v.country) || !num(v.year) || !num(v.iteration) || !num(v.importedAt)) return null;
  const factors: Partial<Record<FactorKey, CipsFactorScores>> = {};
  if (isObj(v.factors)) {
    for (const key of FACTOR_KEYS) {
      const scores = parseFactorScores(v.factors[key]);
      if (scores) factors[key] = scores;
    }
  }
  const indicators: CipsIndicatorScore[] = [];
  if (Array.isArray(v.indicators)) {
    for (const item of v.indicators) {
      const score = parseScore(item);
      if (!score || !isObj(item) || !isFactorKey(item.factorKey) || !(CIPS_GROUPS as readonly unknown[]).includes(item.group)) continue;
      if (!str(item.indicatorId) || !str(item.indicatorLabel)) continue;
      indicators.push({ ...score, group: item.group as CipsIndicatorScore['group'], factorKey: item.factorKey, indicatorId: item.indicatorId, indicatorLabel: item.indicatorLabel });
    }
  }
  return {
    surveyId: v.surveyId,
    country: v.country,
    year: v.year,
    iteration: v.iteration,
    lang: str(v.lang) ? v.lang : '',
    factors,
    indicators,
    importedAt: v.importedAt,
  };
}

/** The workshop's imported CIPS scores, or null before any import. */
export function readCips(doc: Y.Doc): CipsScores | null {
  return parseCipsScores(cipsRoot(doc).get('scores'));
}

/** Replaces the workshop's CIPS scores (server only). */
export function writeCips(doc: Y.Doc, scores: CipsScores): void {
  cipsRoot(doc).set('scores', JSON.parse(JSON.stringify(scores)) as unknown);
}
