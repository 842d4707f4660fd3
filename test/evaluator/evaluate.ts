/** The whole path of one request: NetworkPolicy → mTLS → AuthorizationPolicy. */
import type { Cluster, Peer, Request, Verdict } from './types';
import { networkAllows } from './network-policy';
import { mtlsLayer } from './mtls';
import { authorizationAllows } from './authorization-policy';
import { serviceHost } from './client-tls';
import { sidecarImports } from './sidecar-scope';

/**
 * 1. NetworkPolicy (caller egress AND destination ingress); enforced by the CNI outside the pod, on the
 *    original container port, regardless of sidecars.
 * 2. mTLS, if either side has a sidecar (client TLS from DestinationRules / auto mTLS vs. the server's
 *    PeerAuthentication mode). A service the caller's Sidecar resource does not import is passed through as
 *    plaintext (sidecar-scope.ts).
 * 3. AuthorizationPolicy, if the destination has a sidecar, with the peer identity established in 2.
 * The first failing layer decides; otherwise `layer: 'ok'`. Reasons accumulate across layers.
 * Not modelled: sidecar-bypassed ports (15020/15021/15090 are excluded from inbound capture),
 * outboundTrafficPolicy REGISTRY_ONLY, ambient mode, Services (service port = container port).
 */
export function evaluate(cluster: Cluster, req: Request): Verdict {
  const net = networkAllows(cluster, req);
  const reasons = [...net.reasons];
  if (!net.allowed) return { allowed: false, layer: 'network', reasons };
  let peer: Peer = { mtls: false };
  if (req.from.sidecar || req.to.sidecar) {
    // The caller's Sidecar scope decides whether its proxy knows the service at all (sidecar-scope.ts).
    const host = req.service ?? serviceHost(cluster, req.to);
    const scope = req.from.sidecar && host !== undefined ? sidecarImports(cluster, req.from, host, req.port) : undefined;
    if (scope) reasons.push(scope.reason);
    const mtls = mtlsLayer(cluster, req, scope && !scope.imported ? scope.reason : undefined);
    reasons.push(...mtls.reasons);
    if (!mtls.allowed) return { allowed: false, layer: 'mtls', reasons };
    peer = mtls.peer;
  }
  if (req.to.sidecar) {
    const authz = authorizationAllows(cluster, req, peer);
    reasons.push(...authz.reasons);
    if (!authz.allowed) return { allowed: false, layer: 'authorization', reasons };
  }
  return { allowed: true, layer: 'ok', reasons };
}
