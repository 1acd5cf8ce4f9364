/**
 * One-at-a-time lock. SQLite has one connection with one transaction state, so every statement
 * goes through this (see DUAL-DIALECT pitfalls 1–2 in docs/decisions/002-dual-dialect-data-layer.md).
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
