/**
 * A map from a key to a set of values for keys that nearly always have one: a user's or a login
 * session's connections on a node. A lone value is kept as itself, a Set is made only for the
 * second (an empty Set costs ≈ 200 bytes, a tenth of an idle connection's heap).
 */
export class OneOrMany<K, V extends object> {
  private readonly map = new Map<K, V | Set<V>>();

  add(key: K, value: V): void {
    const current = this.map.get(key);
    if (current === undefined) this.map.set(key, value);
    else if (current instanceof Set) current.add(value);
    else if (current !== value) this.map.set(key, new Set([current, value]));
  }

  delete(key: K, value: V): void {
    const current = this.map.get(key);
    if (current === value) this.map.delete(key);
    else if (current instanceof Set && current.delete(value) && current.size === 1) this.map.set(key, current.values().next().value!);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** The values of `key` (a snapshot when there are several, so the caller may change the map meanwhile). */
  get(key: K): readonly V[] {
    const current = this.map.get(key);
    return current === undefined ? [] : current instanceof Set ? [...current] : [current];
  }
}
