/** The one canonical order of accesses, so every rendering and diff is byte-identical across runs. */
import { compareStrings } from './objects';
import type { Access } from './types';

/** Canonical key of an access without its reasons: who, to whom, on what. */
export function accessKey(a: Access): string {
  return JSON.stringify([a.from, a.to, a.ports, a.paths, a.methods, a.mtls, a.notPaths, a.notMethods, a.hosts, a.notHosts]);
}

export function sortAccess(access: readonly Access[]): Access[] {
  const keys = new Map<Access, string>(); // an access's key is needed only against another of the same pair: once each
  const keyOf = (a: Access): string => {
    let key = keys.get(a);
    if (key === undefined) keys.set(a, (key = accessKey(a)));
    return key;
  };
  return [...access].sort((a, b) => compareStrings(a.to, b.to) || compareStrings(a.from, b.from) || compareStrings(keyOf(a), keyOf(b)));
}
