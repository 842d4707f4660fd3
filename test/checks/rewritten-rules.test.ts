/**
 * Rules rewritten for speed (docs/performance.md, "Validation and rule pack") must report exactly what their previous
 * versions reported: each is compared here with that version, kept as the oracle, on generated objects.
 */
import fc from 'fast-check';
import type { K8sObject } from '../../lib/k8s-object';
import { runPack } from '../../lib/checks/engine';
import { asArray, asRecord, labelsMatch, stringMap } from '../../lib/checks/object-index';
import { authorizationPolicyWebhook } from '../../lib/checks/rules/authorization-policy-webhook';
import { defaultDenyBlocksMeshEgress } from '../../lib/checks/rules/default-deny-blocks-mesh-egress';
import { fcParams } from '../property/runs';
import { ap, meshedNs, np, ns } from './helpers';

const labelKey = fc.constantFrom('app', 'tier', 'version', 'a');
const labelValue = fc.constantFrom('web', 'db', 'v1', '');
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });
/** A list, or (possible from TypeScript) a sparse one: a hole is no entry. */
const list = <T>(item: fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<T[]> => fc.oneof(fc.array(item, { maxLength }), fc.sparseArray(item, { maxLength }));

/** SM-NP-027 as it was written before the index: every egress policy of the namespace tested against every other. */
function quadraticNp027(objects: readonly K8sObject[]): string[] {
  const allows = (rule: Record<string, any>, port: number, protocol: string): boolean => {
    const ports = asArray(rule.ports);
    if (ports.length === 0) return true;
    return ports.some((p) => {
      const r = asRecord(p);
      if ((r.protocol ?? 'TCP') !== protocol) return false;
      if (r.port === undefined || typeof r.port === 'string') return true;
      const end = typeof r.endPort === 'number' ? r.endPort : r.port;
      return r.port <= port && port <= end;
    });
  };
  const meshed = new Set(objects.filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['istio-injection'] === 'enabled').map((o) => o.metadata.name));
  const egress = objects.filter((o) => o.kind === 'NetworkPolicy' && asArray(asRecord(o.spec).policyTypes).includes('Egress'));
  const out: string[] = [];
  for (const policy of egress) {
    const namespace = policy.metadata.namespace ?? 'default';
    if (!meshed.has(namespace)) continue;
    const selector = stringMap(asRecord(asRecord(policy.spec).podSelector).matchLabels);
    const rules = egress
      .filter((o) => (o.metadata.namespace ?? 'default') === namespace && labelsMatch(stringMap(asRecord(asRecord(o.spec).podSelector).matchLabels), selector))
      .flatMap((o) => asArray(asRecord(o.spec).egress).map(asRecord));
    const missing: string[] = [];
    if (!rules.some((r) => allows(r, 53, 'UDP'))) missing.push('DNS (UDP 53)');
    if (!rules.some((r) => allows(r, 53, 'TCP'))) missing.push('DNS (TCP 53)');
    if (!rules.some((r) => allows(r, 15012, 'TCP'))) missing.push('istiod (TCP 15012)');
    if (missing.length > 0) out.push(`NetworkPolicy/${namespace}/${policy.metadata.name}: ${missing.join(', ')}`);
  }
  return out.sort();
}

describe('SM-NP-027 with the selector index', () => {
  const port = fc.record({ protocol: fc.constantFrom('TCP', 'UDP', undefined), port: fc.constantFrom(53, 15012, 8080, 'dns', undefined), endPort: fc.constantFrom(undefined, 15012, 60000) }, { requiredKeys: [] });
  const egressRule = fc.record({ ports: list(port, 2) }, { requiredKeys: [] });
  const policy = fc.record({
    namespace: fc.constantFrom('shop', 'db', 'plain'),
    selector: labels,
    types: fc.constantFrom(['Egress'], ['Ingress'], ['Ingress', 'Egress']),
    egress: fc.option(list(egressRule, 3), { nil: undefined }),
  });

  it('reports exactly the policies the quadratic version reported, with the same missing ports', () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 10 }), (policies) => {
        const objects = [
          meshedNs('shop'), meshedNs('db'), ns('plain'),
          ...policies.map((p, i) => np(`p${i}`, p.namespace, { podSelector: { matchLabels: p.selector }, policyTypes: p.types, ...(p.egress ? { egress: p.egress } : {}) })),
        ];
        const found = runPack(objects, {}, [defaultDenyBlocksMeshEgress]).map((f) => {
          const missing = /without allowing (.*): sidecars/.exec(f.message)![1];
          return `${f.object}: ${missing}`;
        });
        expect(found.sort()).toEqual(quadraticNp027(objects));
      }),
      fcParams(300),
    );
  });
});

/** SM-IS-101's checks as they were written with forEach (which skips holes) and Object.entries. */
function forEachIs101(spec: Record<string, any>): string[] {
  const WHEN_KEYS = ['source.ip', 'remote.ip', 'source.namespace', 'source.serviceAccount', 'source.principal', 'source.trustDomain',
    'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'destination.ip', 'destination.port', 'connection.sni'];
  const WHEN_PREFIXES = ['request.headers[', 'request.auth.claims[', 'experimental.envoy.filters.'];
  const FORBIDDEN = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'requestPrincipals', 'notRequestPrincipals', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains'];
  const out: string[] = [];
  const action = spec.action ?? 'ALLOW';
  const rules = spec.rules;
  if ((action === 'DENY' || action === 'CUSTOM') && rules === undefined) out.push(`${action} without rules is rejected ("meaningless"); to deny everything write rules: [{}].`);
  if (action === 'CUSTOM' && !asRecord(spec.provider).name) out.push('CUSTOM requires provider.name.');
  if (action !== 'CUSTOM' && spec.provider !== undefined) out.push(`provider is only allowed with action CUSTOM (action is ${action}).`);
  asArray(rules).forEach((raw, i) => {
    const rule = asRecord(raw);
    if (Array.isArray(rule.from) && rule.from.length === 0) out.push(`rules[${i}].from must not be empty (omit it to match any source).`);
    if (Array.isArray(rule.to) && rule.to.length === 0) out.push(`rules[${i}].to must not be empty (omit it to match any operation).`);
    asArray(rule.from).forEach((f, j) => {
      const source = asRecord(asRecord(f).source);
      if (Object.keys(source).length === 0) out.push(`rules[${i}].from[${j}].source must not be empty.`);
      for (const [k, v] of Object.entries(source)) {
        if (asArray(v).some((x) => x === '')) out.push(`rules[${i}].from[${j}].source.${k} contains an empty string.`);
        if (action === 'CUSTOM' && FORBIDDEN.includes(k)) out.push(`rules[${i}].from[${j}].source.${k} is not supported with action CUSTOM.`);
      }
    });
    asArray(rule.to).forEach((t, j) => {
      const op = asRecord(asRecord(t).operation);
      if (Object.keys(op).length === 0) out.push(`rules[${i}].to[${j}].operation must not be empty.`);
      for (const [k, v] of Object.entries(op)) if (asArray(v).some((x) => x === '')) out.push(`rules[${i}].to[${j}].operation.${k} contains an empty string.`);
    });
    asArray(rule.when).forEach((w, j) => {
      const cond = asRecord(w);
      const key = String(cond.key ?? '');
      if (!WHEN_KEYS.includes(key) && !WHEN_PREFIXES.some((p) => key.startsWith(p))) out.push(`rules[${i}].when[${j}].key "${key}" is not a supported attribute.`);
      if (asArray(cond.values).length === 0 && asArray(cond.notValues).length === 0) out.push(`rules[${i}].when[${j}] needs values or notValues.`);
      if (action === 'CUSTOM' && (key.startsWith('source.') && key !== 'source.ip' || key.startsWith('request.auth.'))) out.push(`rules[${i}].when[${j}].key "${key}" is not supported with action CUSTOM.`);
    });
  });
  return out;
}

describe('SM-IS-101 with loops', () => {
  const strings = list(fc.constantFrom('', 'a', 'cluster.local/ns/a/sa/b'), 2);
  const field = fc.constantFrom('principals', 'namespaces', 'ipBlocks', 'paths', 'methods', 'ports', 'serviceAccounts');
  const entries = fc.dictionary(field, fc.oneof(strings, fc.constant('x'), fc.constant(7)), { maxKeys: 2 });
  const rule = fc.record({
    from: list(fc.record({ source: fc.oneof(entries, fc.constant(undefined)) }, { requiredKeys: [] }), 2),
    to: list(fc.record({ operation: fc.oneof(entries, fc.constant(undefined)) }, { requiredKeys: [] }), 2),
    when: list(fc.record({ key: fc.constantFrom('source.ip', 'source.principal', 'request.headers[x]', 'bogus'), values: strings }, { requiredKeys: ['key'] }), 2),
  }, { requiredKeys: [] });
  const spec = fc.record({
    action: fc.constantFrom('ALLOW', 'DENY', 'CUSTOM', 'AUDIT', undefined),
    provider: fc.constantFrom(undefined, { name: 'ext' }, {}),
    rules: fc.option(list(fc.oneof(rule, fc.constant(null)), 3), { nil: undefined }),
  }, { requiredKeys: [] });

  it('reports exactly the messages of the forEach version', () => {
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 4 }), (specs) => {
        const objects = specs.map((s, i) => ap(`p${i}`, 'shop', s as Record<string, unknown>));
        const found = runPack(objects, {}, [authorizationPolicyWebhook]).map((f) => `${f.object}: ${f.message}`);
        const expected = objects.flatMap((o) => forEachIs101(asRecord(o.spec)).map((m) => `AuthorizationPolicy/shop/${o.metadata.name}: ${m}`));
        expect(found.sort()).toEqual(expected.sort());
      }),
      fcParams(300),
    );
  });
});
