import type { Prng } from './prng.ts';
import { Prng as SeededPrng } from './prng.ts';

/** What one input did. Only `accepted` and `refused` (with a name) are allowed outcomes. */
export type Outcome =
  | { kind: 'accepted' }
  | { kind: 'refused'; name: string }
  /** Refused without saying why (a bare close, a 4xx without an error code). */
  | { kind: 'unnamed'; detail: string }
  /** No answer and no close within the bound. */
  | { kind: 'hang'; detail: string }
  /** The server answered 500, or a parser threw something other than a named refusal. */
  | { kind: 'crash'; detail: string };

export interface Tried {
  /** The input, short enough to print (reproduce it exactly with the seed and index). */
  input: string;
  outcome: Outcome;
}

/** One kind of hostile input: generates an input from `rng`, tries it, says what happened. */
export interface FuzzTarget<Context> {
  name: string;
  run(rng: Prng, context: Context): Promise<Tried>;
}

/**
 * A pure parser (an import format, a payload schema): must return, or throw a refusal that
 * `refusalName` names. Anything else thrown is a crash.
 */
export interface ParserTarget {
  name: string;
  generate(rng: Prng): Uint8Array | string;
  parse(input: Uint8Array | string): unknown;
  /** The refusal's name when `err` is one the parser means to throw, else null. */
  refusalName(err: unknown): string | null;
  /** The refusal's name when the parser returns a refusal as a value, else null (accepted). */
  resultName?(result: unknown): string | null;
}

export function parserTarget<Context>(parser: ParserTarget): FuzzTarget<Context> {
  return {
    name: parser.name,
    async run(rng) {
      const input = parser.generate(rng);
      const shown = describe(input);
      try {
        const result = parser.parse(input);
        const name = parser.resultName?.(result) ?? null;
        return { input: shown, outcome: name ? { kind: 'refused', name } : { kind: 'accepted' } };
      } catch (err) {
        const name = parser.refusalName(err);
        if (name) return { input: shown, outcome: { kind: 'refused', name } };
        return { input: shown, outcome: { kind: 'crash', detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) } };
      }
    },
  };
}

export interface FuzzOptions<Context> {
  seed: number;
  count: number;
  targets: ReadonlyArray<FuzzTarget<Context>>;
  context: Context;
  /** Longest one input may take before it counts as a hang. */
  timeoutMs: number;
  /** False once the server process has exited. */
  serverAlive(): boolean;
  /** The server's resident memory now, in bytes (null when not measurable). */
  serverRss(): number | null;
  onProgress?(done: number, report: FuzzReport): void;
}

export interface Failure {
  index: number;
  target: string;
  kind: Outcome['kind'];
  detail: string;
  input: string;
}

export interface FuzzReport {
  seed: number;
  inputsTried: number;
  byTarget: Record<string, { tried: number; accepted: number; refused: number }>;
  refusalsByName: Record<string, number>;
  failures: Failure[];
  crashes: number;
  hangs: number;
  unnamed: number;
  serverExited: boolean;
  startRssBytes: number | null;
  peakRssBytes: number | null;
  durationMs: number;
}

const MAX_FAILURES_KEPT = 50;

/**
 * Tries `count` inputs, one at a time, cycling through the targets. Input `i` comes from
 * `new Prng(seed, i)`, so any failure is replayed from its seed and index alone.
 */
export async function runFuzz<Context>(options: FuzzOptions<Context>): Promise<FuzzReport> {
  const started = Date.now();
  const report: FuzzReport = {
    seed: options.seed,
    inputsTried: 0,
    byTarget: Object.fromEntries(options.targets.map((t) => [t.name, { tried: 0, accepted: 0, refused: 0 }])),
    refusalsByName: {},
    failures: [],
    crashes: 0,
    hangs: 0,
    unnamed: 0,
    serverExited: false,
    startRssBytes: options.serverRss(),
    peakRssBytes: options.serverRss(),
    durationMs: 0,
  };
  const fail = (index: number, target: string, kind: Outcome['kind'], detail: string, input: string) => {
    if (report.failures.length < MAX_FAILURES_KEPT) report.failures.push({ index, target, kind, detail, input });
  };

  for (let index = 0; index < options.count; index++) {
    const target = options.targets[index % options.targets.length]!;
    const rng = new SeededPrng(options.seed, index);
    const tried = await withBound(target.run(rng, options.context), options.timeoutMs * 2);
    report.inputsTried++;
    const stats = report.byTarget[target.name]!;
    stats.tried++;
    const { outcome } = tried;
    if (outcome.kind === 'accepted') stats.accepted++;
    else if (outcome.kind === 'refused') {
      stats.refused++;
      const key = `${target.name}: ${outcome.name}`;
      report.refusalsByName[key] = (report.refusalsByName[key] ?? 0) + 1;
    } else {
      if (outcome.kind === 'crash') report.crashes++;
      if (outcome.kind === 'hang') report.hangs++;
      if (outcome.kind === 'unnamed') report.unnamed++;
      fail(index, target.name, outcome.kind, outcome.detail, tried.input);
    }
    if (!options.serverAlive()) {
      report.serverExited = true;
      report.crashes++;
      fail(index, target.name, 'crash', 'the server process exited', tried.input);
      break;
    }
    if (index % 25 === 0 || index === options.count - 1) {
      const rss = options.serverRss();
      if (rss !== null) report.peakRssBytes = Math.max(report.peakRssBytes ?? 0, rss);
    }
    options.onProgress?.(index + 1, report);
  }
  report.durationMs = Date.now() - started;
  return report;
}

async function withBound(run: Promise<Tried>, ms: number): Promise<Tried> {
  const bound = AbortSignal.timeout(ms);
  const late = new Promise<Tried>((resolve) =>
    bound.addEventListener('abort', () => resolve({ input: '(unknown: the target itself did not finish)', outcome: { kind: 'hang', detail: `no outcome in ${ms} ms` } })),
  );
  return Promise.race([run.catch((err: unknown) => ({ input: '(target threw)', outcome: { kind: 'crash' as const, detail: String(err) } })), late]);
}

/** A printable, bounded view of an input. */
export function describe(input: Uint8Array | string, max = 300): string {
  if (typeof input === 'string') return JSON.stringify(input.length > max ? `${input.slice(0, max)}…(${input.length} chars)` : input);
  const hex = Buffer.from(input.subarray(0, max / 2)).toString('hex');
  return input.byteLength > max / 2 ? `hex:${hex}…(${input.byteLength} bytes)` : `hex:${hex}`;
}
