interface Edit<T> {
  value: T;
  scope: unknown;
  /** Set once applied: the shared value at that moment, shown instead of the edit once it changes. */
  appliedOver?: { value: T };
}

/**
 * A form value that follows the shared state until the person edits it, and keeps their edit
 * (even when the shared state changes meanwhile) until it is applied or reset. An optional scope
 * (e.g. the board id) drops the edit when the scope changes.
 */
export class Draft<T> {
  readonly #source: () => T;
  readonly #scope: () => unknown;
  #edit = $state.raw<Edit<T> | null>(null);

  constructor(source: () => T, scope: () => unknown = () => null) {
    this.#source = source;
    this.#scope = scope;
  }

  #current(): Edit<T> | null {
    const edit = this.#edit;
    if (!edit || edit.scope !== this.#scope()) return null;
    // An applied edit stays on screen only until the shared state moves (the server's update arrived).
    if (edit.appliedOver && !Object.is(this.#source(), edit.appliedOver.value)) return null;
    return edit;
  }

  /** Edited and not yet applied. */
  get dirty(): boolean {
    const edit = this.#current();
    return edit !== null && !edit.appliedOver;
  }

  get value(): T {
    const edit = this.#current();
    return edit ? edit.value : this.#source();
  }

  set value(value: T) {
    this.#edit = { value, scope: this.#scope() };
  }

  /** The command succeeded: keep showing the edit until the shared state catches up, without a flicker. */
  applied(): void {
    const edit = this.#current();
    if (edit) this.#edit = { ...edit, appliedOver: { value: this.#source() } };
  }

  reset(): void {
    this.#edit = null;
  }
}
