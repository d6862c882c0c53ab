// `npm run migrate -- --from <dir|redis-url> --to <dir|redis-url> [--from-prefix ib:] [--to-prefix ib:] [--overwrite]`
// Copies every workshop between the embedded store (a DATA_DIR) and Redis, in either direction,
// then checks the target against the source and prints a table. Stop the servers on both sides first.
import { parseArgs } from 'node:util';
import { JoinCodeTakenError } from '../server/storage/JoinCodeTakenError.ts';
import { copyWorkshop, targetHolds } from './migrate/copyWorkshop.ts';
import { type Endpoint, endpointIdentity, openEndpoint } from './migrate/endpoints.ts';
import { type Comparison, compareWorkshop, summaryTable } from './migrate/verify.ts';
import { readWorkshopContent } from './migrate/workshopContent.ts';

const USAGE = `Usage: npm run migrate -- --from <dir|redis-url> --to <dir|redis-url> [options]

  --from <x>          source: a DATA_DIR folder (its store is <dir>/store) or redis://… / rediss://…
  --to <x>            target, the same way (a folder is created when missing)
  --from-prefix <p>   Redis key prefix of the source (default ib:)
  --to-prefix <p>     Redis key prefix of the target (default ib:)
  --overwrite         replace workshops the target already holds (else the migration refuses)

Exit status: 0 when every count and record matches, 1 on a mismatch, 2 when nothing could be done.`;

class UsageError extends Error {}

function readOptions() {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      'from-prefix': { type: 'string', default: 'ib:' },
      'to-prefix': { type: 'string', default: 'ib:' },
      overwrite: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.from || !values.to) throw new UsageError('--from and --to are both required');
  const options = { from: values.from, to: values.to, fromPrefix: values['from-prefix'], toPrefix: values['to-prefix'], overwrite: values.overwrite };
  if (endpointIdentity(options.from, options.fromPrefix) === endpointIdentity(options.to, options.toPrefix)) {
    throw new UsageError('--from and --to name the same store');
  }
  return options;
}

/** Refuses before writing anything when the target holds one of the workshops (without --overwrite) or one of their join codes. */
async function checkTarget(source: Endpoint, target: Endpoint, ids: string[], overwrite: boolean): Promise<string[]> {
  const problems: string[] = [];
  for (const id of ids) {
    const workshop = await source.stores.workshops.getWorkshop(id);
    if (!overwrite && (await targetHolds(target.stores, id))) problems.push(`the target already holds workshop ${id}`);
    if (!workshop) continue;
    const codeOwner = await target.stores.workshops.workshopIdForJoinCode(workshop.joinCode);
    if (codeOwner !== null && codeOwner !== id) problems.push(`join code ${workshop.joinCode} of workshop ${id} belongs to workshop ${codeOwner} in the target`);
  }
  return problems;
}

async function migrate(source: Endpoint, target: Endpoint, overwrite: boolean): Promise<number> {
  const ids = await source.stores.workshops.listWorkshops();
  const documents = await source.stores.documents.list();
  const orphans = documents.filter((id) => !ids.includes(id));
  console.log(`from ${source.label}\nto   ${target.label}\n${ids.length} workshop(s) to copy`);
  if (orphans.length > 0) console.log(`note: ${orphans.length} document(s) without a workshop record are not copied: ${orphans.join(', ')}`);
  const problems = await checkTarget(source, target, ids, overwrite);
  if (problems.length > 0) {
    console.error(`Refusing to write, nothing was changed:\n  ${problems.join('\n  ')}`);
    if (problems.some((p) => p.startsWith('the target already holds'))) console.error('Pass --overwrite to replace what the target holds of these workshops.');
    return 2;
  }

  const rows: Comparison[] = [];
  for (const [index, id] of ids.entries()) {
    const content = await readWorkshopContent(source.stores, id);
    process.stdout.write(`[${index + 1}/${ids.length}] ${id} ${content.workshop?.title ?? ''}… `);
    const started = performance.now();
    await copyWorkshop(content, source.stores, target.stores, overwrite);
    rows.push(await compareWorkshop(source.stores, content, target.stores, await readWorkshopContent(target.stores, id)));
    console.log(`${(performance.now() - started).toFixed(0)} ms`);
  }

  const listed = new Set(await target.stores.workshops.listWorkshops());
  const missing = ids.filter((id) => !listed.has(id));
  console.log(`\n${summaryTable(rows)}\n`);
  console.log(`workshops: ${ids.length} in the source, ${ids.length - missing.length} of them listed by the target`);
  const mismatched = rows.filter((row) => row.mismatches.length > 0);
  if (missing.length > 0 || mismatched.length > 0) {
    if (missing.length > 0) console.error(`MISMATCH: the target does not list ${missing.join(', ')}`);
    if (mismatched.length > 0) console.error(`MISMATCH in ${mismatched.length} workshop(s): see the table`);
    return 1;
  }
  console.log('Every count and record matches.');
  return 0;
}

async function main(): Promise<number> {
  let options: ReturnType<typeof readOptions>;
  try {
    options = readOptions();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const opened: Endpoint[] = [];
  try {
    const source = await openEndpoint(options.from, options.fromPrefix, true);
    opened.push(source);
    const target = await openEndpoint(options.to, options.toPrefix, false);
    opened.push(target);
    return await migrate(source, target, options.overwrite);
  } catch (error) {
    if (error instanceof JoinCodeTakenError) console.error(`Stopped: ${error.message} in the target.`);
    else console.error(`Stopped: ${(error as Error).message}`);
    return 2;
  } finally {
    await Promise.allSettled(opened.map((endpoint) => endpoint.close()));
  }
}

process.exitCode = await main();
