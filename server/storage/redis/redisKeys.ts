/**
 * Every Redis key the store uses, after the store's prefix (default `ib:`). The keys of one
 * document share a hash tag (`{docId}`), so a script or transaction over them stays in one slot.
 */
export function redisKeys(prefix: string) {
  return {
    /** string: the compacted Yjs state (binary) */
    snapshot: (docId: string) => `${prefix}doc:{${docId}}:snapshot`,
    /** list: Yjs updates (binary) appended since the snapshot, oldest first */
    log: (docId: string) => `${prefix}doc:{${docId}}:log`,
    /** integer: appends ever made to this document (INCR with each append); lower than a node saw means the store went back in time */
    sequence: (docId: string) => `${prefix}doc:{${docId}}:seq`,
    /** string with a TTL: token of the compaction running for this document */
    compactionLock: (docId: string) => `${prefix}doc:{${docId}}:compacting`,
    /** set: every document id */
    documents: () => `${prefix}docs`,
    /** hash: noteId → owner's participant id */
    owners: (workshopId: string) => `${prefix}owners:${workshopId}`,
    /** set: note ids one participant may own (an index of `owners`, which decides; stale entries are dropped when read) */
    ownedBy: (workshopId: string, participantId: string) => `${prefix}ownedby:${workshopId}:${participantId}`,
    /** set: participants with an `ownedBy` set in the workshop (to delete them with it) */
    ownerIndexes: (workshopId: string) => `${prefix}ownerindexes:${workshopId}`,
    /** string: present once `ownedBy` holds every owner written before the index existed */
    ownersIndexed: (workshopId: string) => `${prefix}ownersindexed:${workshopId}`,
    /** string: WorkshopRecord JSON */
    workshop: (workshopId: string) => `${prefix}workshop:${workshopId}`,
    /** set: every workshop id */
    workshops: () => `${prefix}workshops`,
    /** string: workshop id */
    joinCode: (code: string) => `${prefix}joincode:${code}`,
    /** hash: linkId → LinkRecord JSON */
    links: (workshopId: string) => `${prefix}links:${workshopId}`,
    /** string: { workshopId, linkId } JSON */
    secret: (secretHash: string) => `${prefix}secret:${secretHash}`,
    /** string: SessionRecord JSON */
    session: (tokenHash: string) => `${prefix}session:${tokenHash}`,
    /** set: token hashes of one workshop's sessions */
    sessions: (workshopId: string) => `${prefix}sessions:${workshopId}`,
    /** hash: noteId → PrivateNote JSON */
    privateNotes: (workshopId: string) => `${prefix}private:${workshopId}`,
    /** hash: per-participant, per-note and total vote counts of one board (fields in redisScripts.ts) */
    votes: (workshopId: string, boardId: string) => `${prefix}votes:${workshopId}:${boardId}`,
    /** hash: merged note id → MergeRecord JSON (what undoing a merge needs) */
    merges: (workshopId: string) => `${prefix}merges:${workshopId}`,
    /** string: counter, with a TTL when it has a window */
    quota: (name: string) => `${prefix}quota:${name}`,
    /** sorted set: open connections (member → lease expiry in ms), see QuotaStore.acquireLease */
    lease: (name: string) => `${prefix}lease:${name}`,
    /** string with a TTL: an idempotent command's claim (`P:<token>`) or first result (`D:<json>`), see CommandReceiptStore */
    receipt: (workshopId: string, participantId: string, commandId: string) => `${prefix}receipt:${workshopId}:${participantId}:${commandId}`,
    /** string with a TTL: DeviceLinkRecord JSON */
    deviceLink: (secretHash: string) => `${prefix}devicelink:${secretHash}`,
    /** set with a TTL (the longest-lived link's): secret hashes of one workshop's personal links, to delete them with it */
    deviceLinks: (workshopId: string) => `${prefix}devicelinks:${workshopId}`,
    /** string: when a session was last used (ms) */
    sessionSeen: (tokenHash: string) => `${prefix}sessionseen:${tokenHash}`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
