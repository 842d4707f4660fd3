/**
 * Looking up keys the user chose (port names, label keys, kinds) without reaching `Object.prototype`: on a plain
 * object `record['constructor']` is `Object.prototype.constructor`, so a port named `constructor` once read the
 * protocol `Object` and a named port `toString` a function for its number. Records keyed by user input are built
 * without a prototype (`userKeyed()`), and lookups in records that came from elsewhere go through `ownValue`.
 */

/** `record[key]` when `key` is the record's own property, else `undefined`. */
export function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** An empty record without a prototype, for keys the user chose (`__proto__` is then an ordinary key too). */
export function userKeyed<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
