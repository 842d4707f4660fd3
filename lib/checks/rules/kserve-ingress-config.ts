import type { K8sObject } from '../../k8s-object';
import {
  INFERENCESERVICE_CONFIG, INGRESS_CONFIG_KEY, KNATIVE_LOCAL_GATEWAY, KSERVE_LOCAL_GATEWAY,
} from '../../integrations/kserve/wellknown';
import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { KSERVE_INGRESS_BOOLEAN_KEYS } from '../wellknown';

/** The `ingress` value of an `inferenceservice-config` ConfigMap: its text, and the parsed object or the parse error. */
export function ingressConfigOf(cm: K8sObject): { text: string; config?: Record<string, unknown>; error?: string } | undefined {
  if (cm.kind !== 'ConfigMap' || cm.metadata.name !== INFERENCESERVICE_CONFIG) return undefined;
  const text = asRecord(cm.data)[INGRESS_CONFIG_KEY];
  if (typeof text !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { text, error: 'is not a JSON object' };
    return { text, config: parsed as Record<string, unknown> };
  } catch (e) {
    return { text, error: `is not strict JSON (${describeParseError(text, e)})` };
  }
}

/** "line 3, column 5: Unexpected token ..." from a JSON.parse error, so the user finds the comma. */
function describeParseError(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = Number(m[1]) - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
}

/** `<name>.<namespace>.svc[.<domain>]` → parts, or undefined when the value is not a Service host. */
function serviceHost(value: string): { name: string; namespace: string } | undefined {
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.[a-z0-9.-]+)?$/.exec(value);
  return m ? { name: m[1], namespace: m[2] } : undefined;
}

function problems(config: Record<string, unknown>): string[] {
  const out: string[] = [];
  const gateway = config.ingressGateway;
  if (typeof gateway !== 'string' || gateway.trim() === '') out.push('ingressGateway is missing or empty; KServe requires it in every deployment mode ("<namespace>/<gateway>").');
  for (const key of KSERVE_INGRESS_BOOLEAN_KEYS) {
    const v = config[key];
    if (typeof v === 'string') out.push(`${key} is the string "${v}"; KServe's json.Unmarshal needs a JSON boolean: write ${key}: ${v === 'true' ? 'true' : 'false'} without quotes.`);
  }
  const str = (k: string): string | undefined => (typeof config[k] === 'string' && (config[k] as string) !== '' ? (config[k] as string) : undefined);
  const localGateway = str('localGateway');
  const localGatewayService = str('localGatewayService');
  const knativeLocalGatewayService = str('knativeLocalGatewayService');
  const lg = localGateway?.split('/');
  if (localGateway && (lg?.length !== 2 || !lg[0] || !lg[1])) out.push(`localGateway "${localGateway}" must be "<namespace>/<gateway>".`);
  const lgs = localGatewayService ? serviceHost(localGatewayService) : undefined;
  if (localGatewayService && !lgs) out.push(`localGatewayService "${localGatewayService}" must be a Service host "<name>.<namespace>.svc.<cluster domain>".`);
  if (knativeLocalGatewayService && !serviceHost(knativeLocalGatewayService)) out.push(`knativeLocalGatewayService "${knativeLocalGatewayService}" must be a Service host "<name>.<namespace>.svc.<cluster domain>".`);
  if (lg?.length === 2 && lg[1] === KSERVE_LOCAL_GATEWAY && lgs && (lgs.name !== KSERVE_LOCAL_GATEWAY || lgs.namespace !== lg[0])) {
    out.push(`localGateway "${localGateway}" and localGatewayService "${localGatewayService}" disagree: the ${KSERVE_LOCAL_GATEWAY} Gateway needs localGatewayService "${KSERVE_LOCAL_GATEWAY}.${lg[0]}.svc.<cluster domain>".`);
  }
  if (lg?.length === 2 && lg[1] === KSERVE_LOCAL_GATEWAY && !localGatewayService) {
    out.push(`localGateway "${localGateway}" is set without localGatewayService; set it to "${KSERVE_LOCAL_GATEWAY}.${lg[0]}.svc.<cluster domain>".`);
  }
  if (lgs && lgs.name !== KNATIVE_LOCAL_GATEWAY && !knativeLocalGatewayService) {
    out.push(`localGatewayService "${localGatewayService}" is not Knative's gateway, so knativeLocalGatewayService must be set (e.g. "${KNATIVE_LOCAL_GATEWAY}.istio-system.svc.cluster.local"); without it Knative routes to the wrong gateway.`);
  }
  return out;
}

export const kserveIngressConfig: Rule = {
  id: 'SM-KS-003',
  severity: 'error',
  title: 'The ingress key of inferenceservice-config is not valid JSON, lacks ingressGateway, or its local gateway keys disagree',
  explanation:
    'KServe reads the `ingress` key of the `inferenceservice-config` ConfigMap with Go\'s `json.Unmarshal`: a trailing comma, ' +
    'a comment or a quoted boolean (`"disableIstioVirtualHost": "true"`) makes the controller and webhook fail. ' +
    '`ingressGateway` is required in every mode. For the cluster-local path the three keys must agree: `localGateway` ' +
    '`<ns>/kserve-local-gateway` needs `localGatewayService` `kserve-local-gateway.<ns>.svc.<domain>`, and when ' +
    '`localGatewayService` is not Knative\'s `knative-local-gateway`, `knativeLocalGatewayService` must name Knative\'s. ' +
    'Fix the key the message names (generate the value with `JSON.stringify`, as `KServeMeshSecurity` does).',
  sources: ['kserve/kserve#1125', 'kserve/kserve#4397', 'kserve/kserve#3976', 'kserve/kserve#3737', 'kserve/website#374', 'istio-kserve-modelmesh.md §6.12'],
  *check({ index }): Iterable<Violation> {
    for (const cm of index.ofKind('ConfigMap')) {
      const ingress = ingressConfigOf(cm);
      if (!ingress) continue;
      if (ingress.error) {
        yield { object: cm, message: `data.${INGRESS_CONFIG_KEY} ${ingress.error}; KServe's controller cannot start with it.` };
        continue;
      }
      for (const p of problems(ingress.config!)) yield { object: cm, message: `data.${INGRESS_CONFIG_KEY}: ${p}` };
    }
  },
};
