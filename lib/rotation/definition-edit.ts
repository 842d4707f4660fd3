import { SecureMeshError } from '../model/errors';

/** A copy of a definition with one section replaced (definitions are plain data; the input is never changed). */
export function withSection(definition: unknown, path: readonly string[], value: unknown): Record<string, unknown> {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw new SecureMeshError([{ path: '', message: 'the definition must be an object (a secure-mesh definition)' }]);
  }
  const [head, ...rest] = path;
  const record = definition as Record<string, unknown>;
  if (rest.length === 0) return { ...record, [head]: value };
  const child = record[head];
  return { ...record, [head]: withSection(typeof child === 'object' && child !== null ? child : {}, rest, value) };
}

/** The value at a path of a plain-data definition, if any. */
export function sectionAt(definition: unknown, path: readonly string[]): unknown {
  let node: unknown = definition;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
