/** The order every store lists records in: oldest first, ties by id, so both implementations agree. */
export function oldestFirst<T extends { createdAt: number }>(id: (record: T) => string) {
  return (a: T, b: T): number => a.createdAt - b.createdAt || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}

/** The order votes are exported in: by participant id, then note id. */
export function voterThenNote(a: { participantId: string; noteId: string }, b: { participantId: string; noteId: string }): number {
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return order(a.participantId, b.participantId) || order(a.noteId, b.noteId);
}
