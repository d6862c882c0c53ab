import { parsePayload } from '../../../shared/protocol/schemas.ts';
import { mintDeviceLinkSchema, redeemDeviceLinkSchema } from '../../../shared/protocol/sessionTypes.ts';
import type { ParserTarget } from '../harness.ts';
import { hostileValue, mutateBytes } from '../mutate.ts';

const SCHEMAS = { mint: mintDeviceLinkSchema, redeem: redeemDeviceLinkSchema } as const;
const pool = {
  keys: ['secret', 'participantId', 'token', 'sessionId', 'role'],
  values: ['A'.repeat(43), 'a-b_c'.repeat(9), 'participant', 'x'.repeat(200), '', null],
};

/** The personal-link bodies (POST device-links, POST device-sessions): a value or a named refusal. */
export const deviceLinkParserTarget: ParserTarget = {
  name: 'personal link payload parser',
  generate(rng) {
    const name = rng.pick(Object.keys(SCHEMAS) as Array<keyof typeof SCHEMAS>);
    const json = JSON.stringify(hostileValue(rng, pool)) ?? 'null';
    const text = rng.chance(0.3) ? Buffer.from(mutateBytes(rng, Buffer.from(json))).toString('utf8') : json;
    return `${name}\n${text}`;
  },
  parse(input) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
    const split = text.indexOf('\n');
    return parsePayload(SCHEMAS[text.slice(0, split) as keyof typeof SCHEMAS], JSON.parse(text.slice(split + 1)));
  },
  refusalName: (err) => (err instanceof SyntaxError ? 'INVALID_JSON' : null),
  resultName: (result) => {
    const parsed = result as { ok: boolean; error?: string };
    return parsed.ok ? null : (parsed.error ?? 'UNNAMED');
  },
};
