import { readConfig, type LimitsConfig, type ServerConfig } from '../../server/config.ts';

/** Server overrides with some limits changed and the others at their defaults. */
export function withLimits(limits: Partial<LimitsConfig>, rest: Partial<ServerConfig> = {}): Partial<ServerConfig> {
  return { ...rest, limits: { ...readConfig({}).limits, ...limits } };
}

/** How many results carry each status or error code. */
export function tally(values: Array<string | number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

/** For tests that fire many commands from one session or address on purpose (the rate rules have their own tests). */
export const UNLIMITED_COMMANDS: Partial<LimitsConfig> = { commandsPerSessionPerSecond: 1_000_000, commandsPerAddressPerSecond: 1_000_000 };
