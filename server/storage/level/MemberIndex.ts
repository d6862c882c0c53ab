/**
 * Who has any record under a key (a board's voters, a workshop's note owners), kept in memory by the
 * embedded store, the only writer of its database: a read for someone who has nothing there (most
 * people joining a plenary) is answered without touching the disk.
 *
 * The index is a superset: members are added after each write (never removed), and a load that
 * overlapped a write is not kept. So `mayHave` answers false only when the person surely has nothing.
 */
export class MemberIndex {
  readonly #sets = new Map<string, Set<string>>();
  readonly #loading = new Map<string, Promise<void>>();
  /** Bumped after each write under a key: a load that started before it is thrown away. */
  readonly #versions = new Map<string, number>();
  readonly #maxKeys: number;

  constructor(maxKeys = 10_000) {
    this.#maxKeys = maxKeys;
  }

  /** False when `member` surely has no record under `k`; loads the key's members first (once). */
  async mayHave(k: string, member: string, read: () => Promise<Iterable<string>>): Promise<boolean> {
    if (!this.#sets.has(k)) await this.#load(k, read);
    const members = this.#sets.get(k);
    return members === undefined || members.has(member);
  }

  /** Call after a write under `k` completed, with everyone it may have given a record to. */
  wrote(k: string, members: Iterable<string>): void {
    this.#versions.set(k, (this.#versions.get(k) ?? 0) + 1);
    const set = this.#sets.get(k);
    if (set) for (const member of members) set.add(member);
  }

  /** Forgets every key that starts with `prefix` (its records were deleted). */
  forget(prefix: string): void {
    for (const k of new Set([...this.#sets.keys(), ...this.#versions.keys(), ...this.#loading.keys()])) {
      if (!k.startsWith(prefix)) continue;
      this.#sets.delete(k);
      this.#versions.set(k, (this.#versions.get(k) ?? 0) + 1);
    }
  }

  #load(k: string, read: () => Promise<Iterable<string>>): Promise<void> {
    let loading = this.#loading.get(k);
    if (!loading) {
      const version = this.#versions.get(k) ?? 0;
      loading = read()
        .then((members) => {
          if ((this.#versions.get(k) ?? 0) !== version || this.#sets.has(k)) return;
          this.#sets.set(k, new Set(members));
          if (this.#sets.size > this.#maxKeys) this.#sets.delete(this.#sets.keys().next().value!);
        })
        .finally(() => this.#loading.delete(k));
      this.#loading.set(k, loading);
    }
    return loading;
  }
}
