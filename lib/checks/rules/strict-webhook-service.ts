import type { K8sObject } from '../../k8s-object';
import { refOf } from '../finding';
import { namespaceMode, paMode, paPortModes } from '../mtls-modes';
import { asArray, asRecord, matchLabelsOf, selectorsOverlap, stringMap, type ObjectIndex, type PodTemplate } from '../object-index';
import type { Rule, Violation } from '../rule';
import { containerPorts } from './port-level-mtls-ports';
import { EXCLUDE_INBOUND_PORTS_ANNOTATION, WEBHOOK_SERVICE_DEFAULT_PORT } from '../wellknown';

const WEBHOOK_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];

/** The container port a Service port forwards to (named targetPorts resolved against the pods), else the port itself. */
function targetPortOf(service: K8sObject | undefined, port: number, pods: readonly PodTemplate[]): number {
  const sp = asArray(asRecord(service?.spec).ports).map(asRecord).find((p) => p.port === port);
  const target = sp?.targetPort ?? port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(String(target))) return Number(target);
  for (const pod of pods) for (const [n, name] of containerPorts(pod)) if (name === target) return n;
  return port;
}

/** Whether something in the manifests lets plaintext (the API server) reach `port` of these pods. */
function exempted(index: ObjectIndex, namespace: string, selector: Record<string, string> | undefined, pods: readonly PodTemplate[], port: number): boolean {
  if (pods.some((p) => String(p.annotations[EXCLUDE_INBOUND_PORTS_ANNOTATION] ?? '').split(',').map((s) => s.trim()).includes(String(port)))) return true;
  for (const pa of index.inNamespace('PeerAuthentication', namespace)) {
    const paSelector = matchLabelsOf(asRecord(pa.spec).selector);
    if (!paSelector) continue;
    const selects = pods.length > 0 ? pods.some((p) => Object.entries(paSelector).every(([k, v]) => p.labels[k] === v)) : selectorsOverlap(paSelector, selector);
    if (!selects) continue;
    const portMode = paPortModes(pa)[String(port)];
    if (portMode === 'PERMISSIVE' || portMode === 'DISABLE') return true;
    if (!portMode && (paMode(pa) === 'PERMISSIVE' || paMode(pa) === 'DISABLE')) return true;
  }
  return false;
}

export const strictWebhookService: Rule = {
  id: 'SM-IS-012',
  severity: 'warning',
  title: 'STRICT mTLS covers an admission webhook Service whose pods get sidecars; the API server cannot present mesh certificates',
  explanation:
    'kube-apiserver calls admission webhooks with plain TLS; it is not in the mesh and has no Istio client certificate. ' +
    'When the webhook\'s pods run a sidecar under mesh-wide or namespace STRICT, the sidecar resets the connection and every ' +
    'admission call fails (EOF / x509 errors), blocking the resources the webhook guards (cert-manager, Kyverno, Knative, ' +
    'KServe, ModelMesh). Fix: exclude the webhook container port from capture ' +
    '(`traffic.sidecar.istio.io/excludeInboundPorts: "<port>"` on the pod template), add a workload PeerAuthentication with ' +
    '`portLevelMtls: { <port>: { mode: PERMISSIVE } }`, or run the webhook without a sidecar.',
  sources: ['istio/istio#34543', 'istio/istio#39290', 'knative-extensions/net-istio#150', 'istio/istio#52874'],
  *check({ index, rootNamespace }): Iterable<Violation> {
    for (const kind of WEBHOOK_KINDS) {
      for (const config of index.ofKind(kind)) {
        if (!config.apiVersion.startsWith('admissionregistration.k8s.io/')) continue;
        const reported = new Set<string>();
        for (const hook of asArray((config as Record<string, any>).webhooks).map(asRecord)) {
          const ref = asRecord(asRecord(hook.clientConfig).service);
          if (typeof ref.name !== 'string' || typeof ref.namespace !== 'string') continue;
          const namespace = ref.namespace;
          const mode = namespaceMode(index, rootNamespace, namespace);
          if (mode?.mode !== 'STRICT') continue;
          const service = index.get('Service', namespace, ref.name);
          const selector = service ? stringMap(asRecord(service.spec).selector) : undefined;
          const pods = selector && Object.keys(selector).length > 0 ? index.podsMatching(namespace, selector) : [];
          const sidecar = pods.length > 0 ? pods.some((p) => index.podHasSidecar(p) === true) : index.namespaceMeshed(namespace) === true;
          if (!sidecar) continue;
          const servicePort = typeof ref.port === 'number' ? ref.port : WEBHOOK_SERVICE_DEFAULT_PORT;
          const port = targetPortOf(service, servicePort, pods);
          if (exempted(index, namespace, selector, pods, port)) continue;
          const key = `${namespace}/${ref.name}:${port}`;
          if (reported.has(key)) continue;
          reported.add(key);
          yield {
            object: config,
            message: `calls Service ${namespace}/${ref.name} (container port ${port}), whose pods get sidecars under STRICT from ${mode.policy ? refOf(mode.policy) : 'the mesh'}: the API server cannot present a mesh certificate, so webhook "${String(hook.name)}" fails. Exclude port ${port} (${EXCLUDE_INBOUND_PORTS_ANNOTATION} or a PERMISSIVE portLevelMtls).`,
            related: [...(mode.policy ? [mode.policy] : []), ...(service ? [service] : []), ...pods.map((p) => p.owner)],
          };
        }
      }
    }
  },
};
