import { COMMANDS } from '../../../server/commands/commandTable.ts';
import { parsePayload } from '../../../shared/protocol/schemas.ts';
import type { ParserTarget } from '../harness.ts';
import { hostileValue, mutateBytes } from '../mutate.ts';

const NAMES = Object.keys(COMMANDS) as Array<keyof typeof COMMANDS>;
const pool = {
  keys: ['boardId', 'noteId', 'row', 'column', 'text', 'phase', 'locked', 'durationMs', 'name', 'groupId', 'notesPerParticipant', 'commandId'],
  values: ['board00000000001', 'note000000000001', 'automation', 'strengths', 'write', 60_000, true, 'x'.repeat(600), 'cmdId_0123456789abcdef', 'cmd id!'],
};

/**
 * The edge parser every command goes through: JSON text in, a value or a named refusal out. An
 * example of a pure parser target; import formats join the fuzz the same way.
 */
export const payloadParserTarget: ParserTarget = {
  name: 'command payload parser',
  generate(rng) {
    const name = rng.pick(NAMES);
    const json = JSON.stringify(hostileValue(rng, pool)) ?? 'null';
    const text = rng.chance(0.3) ? Buffer.from(mutateBytes(rng, Buffer.from(json))).toString('utf8') : json;
    return `${name}\n${text}`;
  },
  parse(input) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
    const split = text.indexOf('\n');
    const schema = COMMANDS[text.slice(0, split) as keyof typeof COMMANDS].schema;
    return parsePayload(schema, JSON.parse(text.slice(split + 1)));
  },
  refusalName: (err) => (err instanceof SyntaxError ? 'INVALID_JSON' : null),
  resultName: (result) => {
    const parsed = result as { ok: boolean; error?: string };
    return parsed.ok ? null : (parsed.error ?? 'UNNAMED');
  },
};
