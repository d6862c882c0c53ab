/** The order every store lists records in: oldest first, ties by id, so both implementations agree. */
export function oldestFirst<T extends { createdAt: number }>(id: (record: T) => string) {
  return (a: T, b: T): number => a.createdAt - b.createdAt || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}
