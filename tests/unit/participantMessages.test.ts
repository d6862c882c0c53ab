import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/i18n/languages.ts';
import { loadParticipantMessages, loadStaffMessages, PARTICIPANT_ENGLISH } from '../../shared/i18n/messages.ts';
import { ENGLISH } from '../../shared/i18n/translate.ts';

const root = path.join(import.meta.dirname, '../..');
const ALL_KEYS = Object.keys(ENGLISH);

/** Relative imports of a source file: static ones, lazy ones, and lazy ones that bring the staff messages. */
function importsOf(file: string): { static: string[]; lazy: string[]; withStaff: string[] } {
  const code = readFileSync(file, 'utf8');
  const resolve = (m: RegExpMatchArray) => path.resolve(path.dirname(file), m[1]!);
  const local = (m: RegExpMatchArray) => m[1]!.startsWith('.') && /\.(ts|svelte)$/.test(m[1]!);
  const statics = [...code.matchAll(/(?:^|\s)(?:import|export)\s+(?!type\b)[^'";]*?from\s*'([^']+)'/g), ...code.matchAll(/^\s*import\s*'([^']+)'/gm)];
  const withStaff = [...code.matchAll(/withStaffMessages\(\s*import\(\s*'([^']+)'\s*\)/g)];
  const lazy = [...code.matchAll(/(?<!(?:withStaffMessages\(|typeof)\s*)import\(\s*'([^']+)'\s*\)/g)];
  return { static: statics.filter(local).map(resolve), lazy: lazy.filter(local).map(resolve), withStaff: withStaff.filter(local).map(resolve) };
}

/** Catalogue keys a file names: quoted keys, and every key under a `prefix.${…}` template. */
function keysOf(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const keys = new Set<string>();
  for (const m of code.matchAll(/['"`]([a-zA-Z][\w-]*(?:\.[\w-]+)+)['"`]/g)) if (m[1]! in ENGLISH) keys.add(m[1]!);
  for (const m of code.matchAll(/`([a-zA-Z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)) for (const key of ALL_KEYS) if (key.startsWith(m[1]!)) keys.add(key);
  return [...keys];
}

/**
 * Every file a participant can load without the staff messages (the entry, what it imports, and
 * every lazy screen not loaded through `withStaffMessages`), and the staff keys each one names.
 */
function staffKeysOnParticipantScreens(entry: string): { files: string[]; problems: string[] } {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file) || !existsSync(file) || file.includes(`${path.sep}i18n${path.sep}catalogues${path.sep}`)) continue;
    seen.add(file);
    const imports = importsOf(file);
    queue.push(...imports.static, ...imports.lazy);
  }
  const problems = [...seen].flatMap((file) =>
    keysOf(file)
      .filter((key) => !(key in PARTICIPANT_ENGLISH))
      .map((key) => `${path.relative(root, file)}: ${key}`),
  );
  return { files: [...seen].map((f) => path.relative(root, f)), problems };
}

const scratch = mkdtempSync(path.join(tmpdir(), 'ib-messages-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('participant screens never wait for the staff messages', () => {
  it('every key the workshop view, the join steps and their lazy dialogs name is a participant message', () => {
    const { files, problems } = staffKeysOnParticipantScreens(path.join(root, 'client/main.ts'));
    // The walk does reach the workshop view and its lazy pieces, and stops at the staff panel.
    expect(files).toContain('client/components/workshop/WorkshopLive.svelte');
    expect(files).toContain('client/components/board/NoteCard.svelte');
    expect(files).toContain('client/components/board/ShortcutsDialog.svelte');
    expect(files).not.toContain('client/components/workshop/RolePanel.svelte');
    expect(files).not.toContain('client/components/home/HomePage.svelte');
    expect(problems).toEqual([]);
  });

  it('refuses a participant screen that names a staff message, unless it loads through withStaffMessages', () => {
    writeFileSync(path.join(scratch, 'Staffish.svelte'), `<p>{t('facilitation.timer.start')}</p>`);
    writeFileSync(path.join(scratch, 'main.ts'), `const panel = import('./Staffish.svelte');\n`);
    expect(staffKeysOnParticipantScreens(path.join(scratch, 'main.ts')).problems).toEqual([
      `${path.relative(root, path.join(scratch, 'Staffish.svelte'))}: facilitation.timer.start`,
    ]);
    writeFileSync(path.join(scratch, 'main.ts'), `const panel = withStaffMessages(import('./Staffish.svelte'));\n`);
    expect(staffKeysOnParticipantScreens(path.join(scratch, 'main.ts')).problems).toEqual([]);
  });

  it.each(LANGUAGES)('%s has the same participant and staff keys as English, and together they are the whole catalogue', async (language) => {
    const [participant, staff, staffEnglish] = await Promise.all([loadParticipantMessages(language), loadStaffMessages(language), loadStaffMessages('en')]);
    expect(Object.keys(participant).sort()).toEqual(Object.keys(PARTICIPANT_ENGLISH).sort());
    expect(Object.keys(staff).sort()).toEqual(Object.keys(staffEnglish).sort());
    expect(Object.keys(staffEnglish).filter((key) => key in PARTICIPANT_ENGLISH)).toEqual([]);
    expect([...Object.keys(participant), ...Object.keys(staff)].sort()).toEqual(ALL_KEYS.sort());
  });
});
