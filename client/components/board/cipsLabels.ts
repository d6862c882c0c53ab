import { CIPS_METRICS, type CipsGroup, type CipsScore } from '../../../shared/cips/types.ts';
import { i18n, t } from '../../lib/i18n.svelte.ts';

/** The metric shown on the board when a group has several: percentages first, counts last. */
export function primaryScore(scores: readonly CipsScore[]): CipsScore | null {
  for (const metric of CIPS_METRICS) {
    const score = scores.find((s) => s.metric === metric);
    if (score) return score;
  }
  return null;
}

const formatNumber = (value: number) => new Intl.NumberFormat(i18n.current, { maximumFractionDigits: 1 }).format(value);

/** "54 % favourable", "mean 3.1 of 5", in the person's language. */
export function scoreText(score: CipsScore): string {
  return t(`cips.metric.${score.metric}`, { value: formatNumber(score.value), max: formatNumber(score.scaleMax) });
}

/** "Customs: 54 % favourable (n=612)": the bar's label, so the number never depends on colour or length. */
export function barLabel(group: CipsGroup, score: CipsScore): string {
  const params = { group: t(`cips.group.${group}`), score: scoreText(score) };
  return score.n === null ? t('cips.bar', params) : t('cips.barWithN', { ...params, n: formatNumber(score.n) });
}

/** Where the value sits on its own scale, 0-100. */
export function barPercent(score: CipsScore): number {
  const span = score.scaleMax - score.scaleMin;
  return span > 0 ? Math.min(100, Math.max(0, ((score.value - score.scaleMin) / span) * 100)) : 0;
}

/** User text (a survey id, a cell of a file) isolated inside a translated sentence (FSI … PDI, as <bdi>). */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
