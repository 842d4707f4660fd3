/**
 * `diff <mesh-file> --traffic`: the review before enforcing. Which observed calls the definition would block (they
 * break when it is applied), which calls involve workloads it does not declare, and which declared ingress rules no
 * traffic used (candidates for removal). Blocked or allowed is decided by the connectivity analysis of the emitted
 * objects next to the definition's pods, as the cluster will see them, not by reading the definition.
 */
import type { K8sObject } from '../k8s-object';
import type { PeerSpec, SecureMeshProps } from '../model/definition';
import type { ResolvedMesh } from '../model/resolved';
import { analyzeConnectivity } from '../report/analyze';
import type { AnalyzeOptions } from '../report/types';
import { INJECT_POD_LABEL } from '../report/wellknown';
import { UNKNOWN_WORKLOAD, type ObservedCall } from './traffic';

export interface UnusedRule {
  /** `spec.workloads[i].ingress[j]`. */
  readonly rule: string;
  /** `<namespace>/<workload>` the rule admits callers to. */
  readonly workload: string;
  /** The caller no traffic came from, as the definition names it. */
  readonly peer: string;
}

export interface TrafficDiff {
  /** Observed calls between declared workloads that the definition would block. */
  readonly blocked: readonly ObservedCall[];
  /** Observed calls with a side the definition does not declare (or Istio could not identify). */
  readonly undeclared: readonly ObservedCall[];
  /** Declared callers no observed call came from. */
  readonly unused: readonly UnusedRule[];
  /** Declared callers traffic by workload cannot tell about (address blocks, Prometheus). */
  readonly notJudged: readonly UnusedRule[];
}

/** The definition's workloads as pods, so the analysis sees every one (a workload without policies emits none). */
export function definitionPods(mesh: ResolvedMesh): K8sObject[] {
  return mesh.workloads.map((w) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: w.name, namespace: w.namespace },
    spec: {
      selector: { matchLabels: { ...w.selector } },
      template: {
        metadata: { labels: { ...w.selector, [INJECT_POD_LABEL]: String(w.sidecar) } },
        spec: { serviceAccountName: w.serviceAccount, hostNetwork: w.hostNetwork, containers: [{ name: 'app', ports: w.ports.map((p) => ({ containerPort: p.port })) }] },
      },
    },
  } as K8sObject));
}

function describePeer(peer: PeerSpec, namespace: string): string {
  if ('workload' in peer) return `workload ${peer.namespace ?? namespace}/${peer.workload}`;
  if ('cidr' in peer) return `cidr ${peer.cidr}`;
  if ('system' in peer) return `system ${peer.system}`;
  return `namespace ${peer.namespace}`;
}

export function trafficDiff(spec: SecureMeshProps, mesh: ResolvedMesh, emitted: readonly K8sObject[], calls: readonly ObservedCall[], options: AnalyzeOptions): TrafficDiff {
  const declared = new Set(mesh.workloads.map((w) => `${w.namespace}/${w.name}`));
  const report = analyzeConnectivity([...definitionPods(mesh), ...emitted], options);
  const allowed = new Set(report.access.map((a) => `${a.from}\u0000${a.to}`));
  const blocked: ObservedCall[] = [];
  const undeclared: ObservedCall[] = [];
  const seen = new Set<string>();
  for (const call of calls) {
    if (call.from === call.to) continue;
    if (call.from === UNKNOWN_WORKLOAD || !declared.has(call.from) || !declared.has(call.to)) {
      undeclared.push(call);
      continue;
    }
    seen.add(`${call.from}\u0000${call.to}`);
    if (!allowed.has(`${call.from}\u0000${call.to}`)) blocked.push(call);
  }
  const callerNamespaces = new Set(calls.filter((c) => c.from !== UNKNOWN_WORKLOAD).map((c) => `${c.from.split('/')[0]}\u0000${c.to}`));
  const rootNamespace = mesh.istio ? mesh.istio.rootNamespace : 'istio-system';
  const unused: UnusedRule[] = [];
  const notJudged: UnusedRule[] = [];
  (spec.workloads ?? []).forEach((w, i) => {
    const to = `${w.namespace}/${w.name}`;
    (w.ingress ?? []).forEach((rule, j) => {
      const peers: readonly PeerSpec[] = Array.isArray(rule.from) ? rule.from : [rule.from as PeerSpec];
      for (const peer of peers) {
        const entry = { rule: `spec.workloads[${i}].ingress[${j}]`, workload: to, peer: describePeer(peer, w.namespace) };
        if ('workload' in peer) {
          if (!seen.has(`${peer.namespace ?? w.namespace}/${peer.workload}\u0000${to}`)) unused.push(entry);
        } else if ('namespace' in peer) {
          if (!callerNamespaces.has(`${peer.namespace}\u0000${to}`)) unused.push(entry);
        } else if ('system' in peer && peer.system !== 'prometheus') {
          // Istio labels these callers by their own workload and namespace (Knative's pods, the ingress gateway).
          const ns = peer.system === 'knative-serving' ? 'knative-serving' : rootNamespace;
          if (!callerNamespaces.has(`${ns}\u0000${to}`)) unused.push(entry);
        } else {
          notJudged.push(entry); // addresses and Prometheus' scrapes (which bypass the sidecar) are not in Istio's workload metrics
        }
      }
    });
  });
  return { blocked, undeclared, unused, notJudged };
}

export function renderTrafficDiff(diff: TrafficDiff, format: 'markdown' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  const call = (c: ObservedCall) => `- \`${c.from}\` → \`${c.to}\`: seen ${c.count} times (${c.protocols.join(', ') || 'tcp'}${c.services.length > 0 ? `, via ${c.services.join(', ')}` : ''})`;
  const rule = (r: UnusedRule) => `- \`${r.rule}\` (\`${r.workload}\`): from ${r.peer}`;
  const section = (title: string, lines: string[], none: string) => [`### ${title} (${lines.length})`, '', ...(lines.length > 0 ? lines : [none]), ''];
  return [
    ...section('Observed calls the definition would block', diff.blocked.map(call), 'None: every call seen between declared workloads is allowed.'),
    ...section('Observed calls with workloads the definition does not declare', diff.undeclared.map(call), 'None.'),
    ...section('Declared callers no traffic came from (candidates for removal)', diff.unused.map(rule), 'None: every declared caller was seen.'),
    ...(diff.notJudged.length > 0 ? section('Declared callers traffic cannot judge (address blocks, Prometheus)', diff.notJudged.map(rule), '') : []),
  ].join('\n');
}
