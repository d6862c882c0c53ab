import type { FactorKey } from '../factors.ts';

/**
 * Customs Integrity Perception Survey (CIPS) scores, as imported from the CSV layout of
 * /work/shared/domain.md and stored in the workshop document root `cips` (one key, `scores`).
 */
export const CIPS_GROUPS = ['customs', 'private'] as const;
export type CipsGroup = (typeof CIPS_GROUPS)[number];

export const CIPS_METRICS = ['pct_favourable', 'pct_agree', 'mean_score', 'count'] as const;
export type CipsMetric = (typeof CIPS_METRICS)[number];

/** The CSV header row, in order. */
export const CIPS_COLUMNS = [
  'survey_id',
  'country',
  'year',
  'iteration',
  'respondent_group',
  'factor_no',
  'factor_key',
  'indicator_id',
  'indicator_label',
  'metric',
  'value',
  'scale_min',
  'scale_max',
  'n',
  'lang',
  'notes',
] as const;

/** Largest CIPS file accepted, in bytes. */
export const CIPS_MAX_BYTES = 2 * 1024 * 1024;
/** Most data rows accepted in one file (10 factors x 2 groups x 4 metrics leaves room for questions). */
export const CIPS_MAX_ROWS = 5000;
/** Most errors listed for one file; the rest are counted in `CipsParseFailure.moreErrors`. */
export const CIPS_MAX_ERRORS = 200;
/** Longest survey id, country, indicator id or language code. */
export const CIPS_ID_MAX = 120;
/** Longest indicator label or note. */
export const CIPS_TEXT_MAX = 500;

/** One number: a metric of one respondent group, for a factor or one of its questions. */
export interface CipsScore {
  metric: CipsMetric;
  value: number;
  scaleMin: number;
  scaleMax: number;
  /** Respondents behind the number, when the file gives it. */
  n: number | null;
}

/** A question-level row (the file's `indicator_id` was filled in). */
export interface CipsIndicatorScore extends CipsScore {
  group: CipsGroup;
  factorKey: FactorKey;
  indicatorId: string;
  indicatorLabel: string;
}

/** Factor-level scores per respondent group, in file order, one per metric. */
export type CipsFactorScores = Record<CipsGroup, CipsScore[]>;

/** What a workshop holds after an import (root `cips`, key `scores`). */
export interface CipsScores {
  surveyId: string;
  country: string;
  year: number;
  iteration: number;
  /** Language of the file's labels (the `lang` column of its first row), or empty. */
  lang: string;
  /** Factors with at least one factor-level score. */
  factors: Partial<Record<FactorKey, CipsFactorScores>>;
  indicators: CipsIndicatorScore[];
  importedAt: number;
}

/** Named reasons a CIPS file is refused; the UI shows them as `cips.error.<code>`. */
export const CIPS_ERROR_CODES = [
  'FILE_TOO_LARGE',
  'INVALID_ENCODING',
  'NOT_CSV',
  'EMPTY_FILE',
  'BAD_HEADER',
  'TOO_MANY_ROWS',
  'WRONG_COLUMN_COUNT',
  'MISSING_VALUE',
  'FIELD_TOO_LONG',
  'MIXED_SURVEYS',
  'BAD_YEAR',
  'BAD_ITERATION',
  'UNKNOWN_GROUP',
  'UNKNOWN_FACTOR_KEY',
  'FACTOR_NO_MISMATCH',
  'UNKNOWN_METRIC',
  'BAD_NUMBER',
  'BAD_SCALE',
  'VALUE_OUT_OF_RANGE',
  'BAD_N',
  'DUPLICATE_ROW',
] as const;
export type CipsErrorCode = (typeof CIPS_ERROR_CODES)[number];

/** One problem of a file. `line` is the 1-based line of the file (1 is the header), 0 for the whole file. */
export interface CipsError {
  line: number;
  code: CipsErrorCode;
  /** The column concerned, when there is one. */
  column?: (typeof CIPS_COLUMNS)[number];
  /** The offending value, cut to 60 characters, for the message. */
  value?: string;
  /** For `DUPLICATE_ROW`: the line of the first row with the same survey, group, factor, indicator and metric. */
  firstLine?: number;
}

export type CipsParseResult =
  | { ok: true; scores: Omit<CipsScores, 'importedAt'>; rows: number }
  | { ok: false; errors: CipsError[]; moreErrors: number };
