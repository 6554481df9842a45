/**
 * Values ordered by a number (a capture time), smallest first: a binary min-heap. The tracker
 * keeps its connections here by the time they closed or last sent, so that finding those due to
 * be let go costs a look at the front, not a walk over every connection it holds.
 */
export class DueQueue<T> {
  private readonly keys: number[] = [];
  private readonly values: T[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** The smallest key; only when `size > 0`. */
  peekKey(): number {
    return this.keys[0]!;
  }

  push(key: number, value: T): void {
    const keys = this.keys;
    const values = this.values;
    let i = keys.length;
    keys.push(key);
    values.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Removes and returns the value with the smallest key; only when `size > 0`. */
  pop(): T {
    const top = this.values[0]!;
    const key = this.keys.pop()!;
    const value = this.values.pop()!;
    if (this.keys.length > 0) this.sink(0, key, value);
    return top;
  }

  /** Keeps only the values `keep` accepts: for entries that went stale, in one pass. */
  retain(keep: (value: T) => boolean): void {
    const keys = this.keys;
    const values = this.values;
    let n = 0;
    for (let i = 0; i < keys.length; i++) {
      if (!keep(values[i]!)) continue;
      keys[n] = keys[i]!;
      values[n] = values[i]!;
      n++;
    }
    keys.length = n;
    values.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.sink(i, keys[i]!, values[i]!);
  }

  /** Puts (key, value) at `i` or below, moving smaller children up. */
  private sink(i: number, key: number, value: T): void {
    const keys = this.keys;
    const values = this.values;
    const n = keys.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      values[i] = values[child]!;
      i = child;
    }
    keys[i] = key;
    values[i] = value;
  }
}
