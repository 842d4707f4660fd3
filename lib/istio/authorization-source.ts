import type { AuthorizationPolicySpecRulesFrom } from '../../imports/security.istio.io';
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
export function authorizationSources(peers: readonly ResolvedPeer[], trustDomain: string, mtlsAvailable = true): AuthorizationPolicySpecRulesFrom[] {
  const principals: string[] = [];
  const namespaces: string[] = [];
  const from: AuthorizationPolicySpecRulesFrom[] = [];
  let withoutIdentity = false;
  for (const declared of peers) {
    const peer = mtlsAvailable || declared.kind === 'cidr' ? declared : { ...declared, sidecar: false };
    switch (peer.kind) {
      case 'cidr':
        from.push({ source: { ipBlocks: [peer.cidr], ...(peer.except.length > 0 ? { notIpBlocks: [...peer.except] } : {}) } });
        break;
      case 'workload':
        if (peer.sidecar) principals.push(principal(trustDomain, peer.namespace, peer.serviceAccount));
        else withoutIdentity = true;
        break;
      case 'namespace':
        if (peer.sidecar) namespaces.push(peer.namespace);
        else withoutIdentity = true;
        break;
      case 'system':
        if (!peer.sidecar) withoutIdentity = true;
        else if (peer.serviceAccount) principals.push(principal(trustDomain, peer.namespace, peer.serviceAccount));
        else namespaces.push(peer.namespace);
        break;
    }
  }
  const identities: AuthorizationPolicySpecRulesFrom[] = [];
  if (principals.length > 0) identities.push({ source: { principals: unique(principals) } });
  if (namespaces.length > 0) identities.push({ source: { namespaces: unique(namespaces) } });
  if (withoutIdentity) identities.push({ source: { notPrincipals: ['*'] } });
  return [...identities, ...from];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
