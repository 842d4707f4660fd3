/**
 * Combining what the client sends (client-tls.ts) with what the server accepts (peer-authentication.ts).
 */
import type { Cluster, LayerResult, Peer, Request } from './types';
import { trustDomainOf } from './types';
import { explainClientTls } from './client-tls';
import { explainMtlsMode } from './peer-authentication';

export interface MtlsResult extends LayerResult {
  peer: Peer;
}

/** SPIFFE-style principal without the `spiffe://` prefix, as AuthorizationPolicy `principals` uses it. */
export function principalOf(cluster: Cluster, namespace: string, serviceAccount: string): string {
  return `${trustDomainOf(cluster)}/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * - Destination without sidecar: plaintext (NONE/DISABLE) succeeds; ISTIO_MUTUAL fails (an explicit
 *   ISTIO_MUTUAL DR has no plaintext fallback); SIMPLE/MUTUAL is user TLS that the application itself
 *   is assumed to terminate → succeeds, no Istio identity.
 * - Destination with sidecar: STRICT needs ISTIO_MUTUAL; PERMISSIVE accepts both; DISABLE accepts
 *   plaintext only. SIMPLE/MUTUAL towards a sidecar is not Istio mTLS: treated as plaintext from the
 *   sidecar's point of view (no principal).
 * - Peer identity only with Istio mTLS: principal `<trustDomain>/ns/<ns>/sa/<sa>`, namespace = caller's.
 */
export function mtlsLayer(cluster: Cluster, req: Request, passthrough?: string): MtlsResult {
  // A host the caller's Sidecar does not import leaves through the PassthroughCluster: plain TCP (sidecar-scope.ts).
  const client = passthrough !== undefined
    ? { mode: 'NONE' as const, explicit: false, reason: passthrough }
    : explainClientTls(cluster, req.from, req.to, req.port, req.service);
  const plaintextPeer: Peer = { mtls: false };
  if (!req.to.sidecar) {
    if (client.mode === 'ISTIO_MUTUAL') {
      return { allowed: false, peer: plaintextPeer, reasons: [client.reason, 'destination has no sidecar: ISTIO_MUTUAL handshake fails (no plaintext fallback for explicit ISTIO_MUTUAL)'] };
    }
    return { allowed: true, peer: plaintextPeer, reasons: [client.reason, 'destination has no sidecar: no PeerAuthentication enforced'] };
  }
  const server = explainMtlsMode(cluster, req.to, req.port);
  const sendsMtls = client.mode === 'ISTIO_MUTUAL';
  const reasons = [client.reason, server.reason];
  if (server.mode === 'STRICT' && !sendsMtls) {
    return { allowed: false, peer: plaintextPeer, reasons: [...reasons, `STRICT server refuses ${client.mode === 'NONE' || client.mode === 'DISABLE' ? 'plaintext' : `${client.mode} (not Istio mTLS)`}`] };
  }
  if (server.mode === 'DISABLE' && sendsMtls) {
    return { allowed: false, peer: plaintextPeer, reasons: [...reasons, 'DISABLE server does not terminate ISTIO_MUTUAL'] };
  }
  if (sendsMtls) {
    return {
      allowed: true,
      peer: { mtls: true, principal: principalOf(cluster, req.from.namespace, req.from.serviceAccount), namespace: req.from.namespace },
      reasons: [...reasons, 'mTLS established'],
    };
  }
  return { allowed: true, peer: plaintextPeer, reasons: [...reasons, `${server.mode} server accepts plaintext (no peer identity)`] };
}
