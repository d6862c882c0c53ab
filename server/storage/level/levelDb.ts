import type { ClassicLevel } from 'classic-level';

/** One LevelDB for everything embedded: string keys, byte values. */
export type Db = ClassicLevel<string, Uint8Array>;

/** Separates the parts of a key; ids never contain it. */
export const SEP = '\u0000';
/** Sorts after every key that starts with a given prefix. */
const HIGH = '\uffff';

/** Every write waits for fsync, so an acknowledged change is on disk. */
export const SYNC = { sync: true } as const;

/** A key made of parts: `key('w', id)` → `w\0id`. */
export const key = (...parts: string[]): string => parts.join(SEP);
/** The range of keys that start with `prefix`. */
export const range = (prefix: string) => ({ gte: prefix, lt: prefix + HIGH });

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeJson = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const decodeJson = <T>(bytes: Uint8Array): T => JSON.parse(decoder.decode(bytes)) as T;
export const encodeText = (text: string): Uint8Array => encoder.encode(text);
export const decodeText = (bytes: Uint8Array): string => decoder.decode(bytes);

export async function getJson<T>(db: Db, k: string): Promise<T | null> {
  const value = await db.get(k);
  return value === undefined ? null : decodeJson<T>(value);
}

/** Values of every key under `prefix`, decoded as JSON, in key order. */
export async function listJson<T>(db: Db, prefix: string): Promise<T[]> {
  const values: T[] = [];
  for await (const value of db.values(range(prefix))) values.push(decodeJson<T>(value));
  return values;
}

/** Deletes every key that starts with `prefix`, in one synchronous batch. */
export async function deletePrefix(db: Db, prefix: string): Promise<void> {
  const keys: string[] = [];
  for await (const k of db.keys(range(prefix))) keys.push(k);
  if (keys.length > 0) await db.batch(keys.map((k) => ({ type: 'del' as const, key: k })), SYNC);
}
