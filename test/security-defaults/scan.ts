/**
 * Small readers of emitted objects for the security-default assertions: Go durations, the sources of
 * AuthorizationPolicies, and private-key material in any text.
 */
import type { K8sObject } from '../../lib/k8s-object';

/** Seconds in a Go duration (`2160h`, `1h30m`, `90m`, `10s`); NaN if it is not one. */
export function goDurationSeconds(text: unknown): number {
  if (typeof text !== 'string') return NaN;
  const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!m || text === '') return NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

export const spec = (o: K8sObject): Record<string, any> => (o.spec ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const ofKind = (objects: readonly K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);

/** Every `source` of every rule of every AuthorizationPolicy. */
export function authorizationSources(objects: readonly K8sObject[]): { policy: string; source: Record<string, string[] | undefined> }[] {
  return ofKind(objects, 'AuthorizationPolicy').flatMap((ap) =>
    ((spec(ap).rules ?? []) as { from?: { source?: Record<string, string[]> }[] }[]).flatMap((rule) =>
      (rule.from ?? []).map((f) => ({ policy: `${ap.metadata.namespace}/${ap.metadata.name}`, source: f.source ?? {} }))));
}

/** PEM private keys of any kind (PKCS1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`, PKCS8, encrypted). */
export const PRIVATE_KEY_PEM = /PRIVATE KEY/;
