import type { AuthorizationPolicySpecRulesFrom } from '../../imports/security.istio.io';
import type { ManifestJson } from '../mesh/plain-manifest';
import type { ResolvedPeer } from '../model/resolved';
import { principal } from './wellknown';

/**
 * The `from` entries that admit a set of callers at L7. Entries are ORed; fields inside one entry
 * are ANDed, so each kind of caller gets its own entry:
 * - callers with a sidecar by identity (principals for workloads, namespaces for namespaces);
 * - IP blocks by source address (works without mTLS);
 * - callers without a sidecar have no identity: `notPrincipals: ["*"]` admits exactly the requests
 *   without one (NetworkPolicy narrows them to the declared pods at L3/L4). Where the destination's
 *   mTLS mode is DISABLE, no caller has an identity.
 */
export function authorizationSources(peers: readonly ResolvedPeer[], trustDomain: string, mtlsAvailable = true): RuleFrom[] {
  const principals: string[] = [];
  const namespaces: string[] = [];
  const ipBlocks: RuleFrom[] = [];
  let withoutIdentity = false;
  for (const peer of peers) {
    if (peer.kind === 'cidr') {
      ipBlocks.push({ source: peer.except.length > 0 ? { ipBlocks: [peer.cidr], notIpBlocks: [...peer.except] } : { ipBlocks: [peer.cidr] } });
      continue;
    }
    if (!mtlsAvailable || !peer.sidecar) {
      withoutIdentity = true;
    } else if (peer.kind === 'workload') {
      principals.push(principal(trustDomain, peer.namespace, peer.serviceAccount));
    } else if (peer.kind === 'system' && peer.serviceAccount) {
      principals.push(principal(trustDomain, peer.namespace, peer.serviceAccount));
    } else {
      namespaces.push(peer.namespace);
    }
  }
  const from: RuleFrom[] = [];
  if (principals.length > 0) from.push({ source: { principals: unique(principals) } });
  if (namespaces.length > 0) from.push({ source: { namespaces: unique(namespaces) } });
  if (withoutIdentity) from.push({ source: { notPrincipals: ['*'] } });
  for (const entry of ipBlocks) from.push(entry);
  return from;
}

/** One `from` entry of an AuthorizationPolicy rule, as written. */
export type RuleFrom = ManifestJson<AuthorizationPolicySpecRulesFrom>;

function unique(values: string[]): string[] {
  if (values.length > 8) return [...new Set(values)];
  // Most rules name a few callers: a scan allocates less than a Set.
  const out: string[] = [];
  for (const v of values) if (!out.includes(v)) out.push(v);
  return out;
}
