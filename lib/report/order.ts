/** The one canonical order of accesses, so every rendering and diff is byte-identical across runs. */
import { compareStrings } from './objects';
import type { Access } from './types';

/** Canonical key of an access without its reasons: who, to whom, on what. */
export function accessKey(a: Access): string {
  return JSON.stringify([a.from, a.to, a.ports, a.paths, a.methods, a.mtls]);
}

export function sortAccess(access: readonly Access[]): Access[] {
  return [...access].sort((a, b) => compareStrings(a.to, b.to) || compareStrings(a.from, b.from) || compareStrings(accessKey(a), accessKey(b)));
}
