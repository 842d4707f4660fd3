/**
 * What the existing policies say that a secure-mesh definition has no words for, found by reading them (the
 * import itself works from the connectivity they allow, see import-mesh.ts). Each becomes a finding: the object, the
 * reason, and whether the import narrowed access because of it.
 */
import type { K8sObject } from '../k8s-object';
import { asArray, asRecord, isKind, nonEmpty, refOf, specOf } from '../report/objects';
import { NAMESPACE_NAME_LABEL } from '../report/wellknown';
import { finding, type ImportFinding } from './finding';

/** Istio kinds the definition has no counterpart for at all (it emits its own Sidecars where it scopes egress). */
const ISTIO_NOT_IMPORTED = new Set(['VirtualService', 'Gateway', 'ServiceEntry', 'Sidecar', 'RequestAuthentication', 'EnvoyFilter', 'WorkloadEntry']);

/** Whether a namespaceSelector only names namespaces (`kubernetes.io/metadata.name`), which is what the definition writes. */
function namesNamespaceOnly(selector: unknown): boolean {
  const sel = asRecord(selector) ?? {};
  const labels = Object.keys(asRecord(sel.matchLabels) ?? {});
  return !nonEmpty(sel.matchExpressions) && labels.length === 1 && labels[0] === NAMESPACE_NAME_LABEL;
}

function networkPolicyNotes(o: K8sObject, out: ImportFinding[]): void {
  const ref = refOf(o);
  const spec = specOf(o);
  let expressions = nonEmpty(asRecord(spec.podSelector)?.matchExpressions);
  for (const direction of ['ingress', 'egress'] as const) {
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    for (const [i, rawRule] of (asArray(spec[direction]) ?? []).entries()) {
      const rule = asRecord(rawRule) ?? {};
      for (const [j, rawPeer] of (asArray(rule[peersKey]) ?? []).entries()) {
        const peer = asRecord(rawPeer) ?? {};
        const where = `${direction}[${i}].${peersKey}[${j}]`;
        if (peer.namespaceSelector !== undefined && !namesNamespaceOnly(peer.namespaceSelector)) {
          out.push(finding(ref, 'narrowed', `${where}.namespaceSelector selects namespaces by labels (${JSON.stringify(peer.namespaceSelector)}): imported as the namespaces it selects in these manifests; a namespace labelled so later is not admitted`));
        }
        if (nonEmpty(asRecord(peer.podSelector)?.matchExpressions)) expressions = true;
      }
      for (const [j, rawPort] of (asArray(rule.ports) ?? []).entries()) {
        const port = asRecord(rawPort) ?? {};
        if (port.endPort !== undefined && port.endPort !== port.port) out.push(finding(ref, 'narrowed', `${direction}[${i}].ports[${j}] is a port range (endPort): imported as the container ports of the workloads in range`));
      }
    }
  }
  // Label selectors name the workloads they select now: pods labelled so later are a definition change away.
  if (expressions) out.push(finding(ref, 'info', 'selects pods with matchExpressions: imported as the workloads of these manifests it selects (a pod labelled to match later needs a rule of its own)'));
}

function authorizationPolicyNotes(o: K8sObject, out: ImportFinding[]): void {
  const ref = refOf(o);
  const spec = specOf(o);
  const action = typeof spec.action === 'string' ? spec.action : 'ALLOW';
  if (action === 'DENY') out.push(finding(ref, 'info', 'a DENY policy: the definition has no deny rules, so the import admits only what is left allowed; what it denies stays denied for the workloads of these manifests only'));
  if (action === 'CUSTOM') out.push(finding(ref, 'not-imported', 'a CUSTOM (external authorization) policy has no counterpart in the definition: keep applying it next to the imported mesh'));
  if (action === 'AUDIT') out.push(finding(ref, 'not-imported', 'an AUDIT policy only logs; it has no counterpart in the definition'));
  for (const [i, rawRule] of (asArray(spec.rules) ?? []).entries()) {
    const rule = asRecord(rawRule) ?? {};
    if (nonEmpty(rule.when)) out.push(finding(ref, 'narrowed', `rules[${i}].when: conditions have no counterpart in the definition; the rule is imported only where the analysis could decide it`));
    for (const [j, rawFrom] of (asArray(rule.from) ?? []).entries()) {
      const source = asRecord(asRecord(rawFrom)?.source) ?? {};
      for (const key of ['requestPrincipals', 'notRequestPrincipals', 'notPrincipals', 'notNamespaces', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']) {
        if (nonEmpty(source[key])) out.push(finding(ref, 'narrowed', `rules[${i}].from[${j}].source.${key} has no counterpart in the definition: imported as the callers of these manifests it admits`));
      }
    }
    for (const [j, rawTo] of (asArray(rule.to) ?? []).entries()) {
      const operation = asRecord(asRecord(rawTo)?.operation) ?? {};
      for (const key of ['hosts', 'notHosts', 'notPaths', 'notMethods', 'notPorts']) {
        if (nonEmpty(operation[key])) out.push(finding(ref, 'narrowed', `rules[${i}].to[${j}].operation.${key} has no counterpart in the definition: imported as the ports the analysis admits, without the condition`));
      }
    }
  }
}

/** Findings about the policies of `objects` that the definition cannot say as they are. */
export function policyNotes(objects: readonly K8sObject[], rootNamespace: string): ImportFinding[] {
  const out: ImportFinding[] = [];
  for (const o of objects) {
    if (isKind(o, 'networking.k8s.io', 'NetworkPolicy')) networkPolicyNotes(o, out);
    else if (isKind(o, 'security.istio.io', 'AuthorizationPolicy')) authorizationPolicyNotes(o, out);
    else if (isKind(o, 'networking.istio.io', 'DestinationRule')) {
      out.push(finding(refOf(o), 'not-imported', 'secure-mesh writes its own DestinationRules (Istio mutual TLS to workloads with a sidecar, plaintext to the others); load balancing, connection pools and outlier detection have no counterpart: keep this object only for those, without `tls`'));
    } else if (isKind(o, 'security.istio.io', 'PeerAuthentication')) {
      const spec = specOf(o);
      if (nonEmpty(asRecord(spec.selector)?.matchLabels) || nonEmpty(spec.portLevelMtls)) {
        out.push(finding(refOf(o), 'narrowed', 'a per-workload or per-port mutual TLS mode has no counterpart in the definition (modes are per namespace): the namespace takes the stricter of its modes'));
      } else if (o.metadata.namespace === rootNamespace && o.metadata.name !== 'default') {
        out.push(finding(refOf(o), 'info', 'a mesh-wide PeerAuthentication is read as the mesh-wide mode (`istio.mtls`)'));
      }
    } else if (ISTIO_NOT_IMPORTED.has(o.kind) && /istio\.io\//.test(o.apiVersion)) {
      out.push(finding(refOf(o), 'not-imported', `the definition has no counterpart for a ${o.kind}: keep applying it next to the imported mesh`));
    }
  }
  return out;
}
