import { FACTORS } from '../../shared/factors.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/protocol/index.ts';
import type { ServerProcess } from '../helpers/serverProcess.ts';
import { joinAs } from '../helpers/workshops.ts';
import { benchWorkshop } from './benchWorkshop.ts';
import { type Summary, summarise } from './stats.ts';

export interface ExportBenchResult {
  notes: number;
  /** GET /api/workshops/:id/export until the last byte, per format. */
  formats: Record<ExportFormat, Summary & { bytes: number }>;
  /** note.add round trips on another workshop while the big one is exported (all formats, back to back). */
  otherWorkshop: Summary;
  fillMs: number;
}

const TEXT = 'Los ascensos dependen de contactos, «no del mérito»; falta rotación en puestos expuestos, 2023 — ';

/** A workshop with `notes` notes over the ten factors, filled by `inFlight` facilitator connections. */
async function bigWorkshop(server: ServerProcess, notes: number, inFlight: number) {
  const bench = await benchWorkshop(server, 'Export benchmark: 5,000 notes');
  const writers = [bench.facilitator, ...(await Promise.all(Array.from({ length: inFlight - 1 }, (_, i) => joinAs(server, bench.workshop, 'facilitator', `Writer ${i}`))))];
  const cells = FACTORS.flatMap((f) => ['strengths', 'gaps'].map((column) => ({ row: f.key, column })));
  let next = 0;
  await Promise.all(
    writers.map(async (writer) => {
      for (let i = next++; i < notes; i = next++) {
        const cell = cells[i % cells.length]!;
        const result = await writer.send('note.add', { boardId: bench.boardId, ...cell, text: `${TEXT}${i}` });
        if (!result.ok) throw new Error(`note.add failed: ${result.error}`);
      }
    }),
  );
  for (const writer of writers.slice(1)) writer.close();
  return bench;
}

async function timedExport(server: ServerProcess, workshopId: string, token: string, format: ExportFormat): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/workshops/${workshopId}/export?format=${format}&lang=es`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`export ${format} failed: ${res.status}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

/**
 * Exports a 5,000-note workshop in every format (one warm-up, then `samples` each), and meanwhile
 * measures note.add round trips on another workshop of the same node.
 */
export async function exportSpeed(server: ServerProcess, options: { notes: number; samples: number; inFlight: number }): Promise<ExportBenchResult> {
  const fillStarted = performance.now();
  const big = await bigWorkshop(server, options.notes, options.inFlight);
  const fillMs = performance.now() - fillStarted;
  const rapporteur = await joinAs(server, big.workshop, 'rapporteur', 'Relatora');
  const other = await benchWorkshop(server, 'Another workshop meanwhile');
  const otherTimes: number[] = [];
  let exporting = true;
  const pinger = (async () => {
    for (let i = 0; exporting; i++) {
      const started = performance.now();
      await other.addNote(`meanwhile ${i}`);
      otherTimes.push(performance.now() - started);
    }
  })();
  const formats = {} as ExportBenchResult['formats'];
  try {
    for (const format of EXPORT_FORMATS) {
      await timedExport(server, big.workshop.id, rapporteur.person.token, format);
      const runs = [];
      for (let i = 0; i < options.samples; i++) runs.push(await timedExport(server, big.workshop.id, rapporteur.person.token, format));
      formats[format] = { ...summarise(runs.map((r) => r.ms)), bytes: runs[0]!.bytes };
    }
  } finally {
    exporting = false;
    await pinger;
    rapporteur.close();
    other.close();
    big.close();
  }
  return { notes: options.notes, formats, otherWorkshop: summarise(otherTimes), fillMs };
}
