/**
 * PeerAuthentication precedence (lib/checks/mtls-modes.ts) is implemented once and read by both the rule pack and the
 * connectivity report: the same manifests give the same deciding policy in a rule's message and in a report's reason.
 */
import { runPack } from '../../lib/checks/engine';
import { effectiveMode, levelsFor, namespaceMode, oldest, type PeerAuthenticationLookup } from '../../lib/checks/mtls-modes';
import type { K8sObject } from '../../lib/k8s-object';
import { analyzeConnectivity } from '../../lib/report';

const pa = (namespace: string, name: string, spec: Record<string, unknown>, creationTimestamp?: string): K8sObject => ({
  apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace, ...(creationTimestamp ? { creationTimestamp } : {}) }, spec,
});
const lookup = (objects: readonly K8sObject[]): PeerAuthenticationLookup => ({
  inNamespace: (_kind, namespace) => objects.filter((o) => o.metadata.namespace === namespace),
});
const mode = (m: string) => ({ mtls: { mode: m } });

describe('PeerAuthentication precedence', () => {
  const mesh = pa('istio-system', 'default', mode('STRICT'));
  const ns = pa('shop', 'default', mode('PERMISSIVE'));
  const web = pa('shop', 'web', { selector: { matchLabels: { app: 'web' } }, mtls: { mode: 'UNSET' }, portLevelMtls: { 8080: { mode: 'DISABLE' }, 9090: { mode: 'UNSET' } } });

  test('workload over namespace over mesh; UNSET inherits; port level overrides the pod-wide mode', () => {
    const objects = [mesh, ns, web];
    const webLevels = levelsFor(lookup(objects), 'istio-system', 'shop', { app: 'web' });
    expect(webLevels).toEqual({ mesh, namespace: ns, workload: web });
    expect(effectiveMode(webLevels, 8080)).toEqual({ mode: 'DISABLE', level: 'port', policy: web });
    expect(effectiveMode(webLevels, 9090)).toEqual({ mode: 'PERMISSIVE', level: 'namespace', policy: ns });
    expect(effectiveMode(levelsFor(lookup([mesh, web]), 'istio-system', 'shop', { app: 'web' }), 9090)).toEqual({ mode: 'STRICT', level: 'mesh', policy: mesh });
    expect(effectiveMode(levelsFor(lookup([mesh, ns, web]), 'istio-system', 'shop', { app: 'db' }), 8080)).toEqual({ mode: 'PERMISSIVE', level: 'namespace', policy: ns });
    expect(effectiveMode(levelsFor(lookup([]), 'istio-system', 'shop', { app: 'web' }), 8080)).toEqual({ mode: 'PERMISSIVE' });
  });

  test('a selector in the root namespace is ignored, also for pods of the root namespace', () => {
    const rootSelector = pa('istio-system', 'gw', { selector: { matchLabels: { app: 'gw' } }, ...mode('DISABLE') });
    expect(effectiveMode(levelsFor(lookup([mesh, rootSelector]), 'istio-system', 'istio-system', { app: 'gw' }))).toEqual({ mode: 'STRICT', level: 'mesh', policy: mesh });
    expect(effectiveMode(levelsFor(lookup([mesh, rootSelector]), 'istio-system', 'shop', { app: 'gw' }))).toEqual({ mode: 'STRICT', level: 'mesh', policy: mesh });
  });

  test('several policies at one level: the oldest by creationTimestamp, then by name (Istio config order)', () => {
    const a = pa('shop', 'a', mode('DISABLE'));
    const b = pa('shop', 'b', mode('STRICT'));
    expect(oldest([b, a])).toBe(a);
    expect(oldest([pa('shop', 'a', {}, '2024-05-02T00:00:00Z'), b])).toBe(b); // no timestamp = Go zero time
    const early = pa('shop', 'z', {}, '2024-05-01T00:00:00Z');
    expect(oldest([pa('shop', 'a', {}, '2024-05-02T00:00:00Z'), early])).toBe(early);
  });

  test('the rule pack and the report name the same deciding policy', () => {
    // Two namespace-level policies, the alphabetically later one first in the input: Istio applies `a-strict`.
    const deployment = (name: string): K8sObject => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, ports: [{ containerPort: 8080 }] }] } } },
    });
    const strict = pa('shop', 'a-strict', mode('STRICT'));
    const objects: K8sObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } },
      pa('shop', 'z-permissive', mode('PERMISSIVE')), strict, deployment('api'), deployment('db'),
    ];
    expect(namespaceMode(lookup(objects), 'istio-system', 'shop')).toEqual({ mode: 'STRICT', policy: strict });
    const duplicate = runPack(objects).filter((f) => f.ruleId === 'SM-IS-026');
    expect(duplicate.map((f) => [f.object, f.message])).toEqual([['PeerAuthentication/shop/z-permissive', expect.stringContaining('next to PeerAuthentication/shop/a-strict')]]);
    const toDb = analyzeConnectivity(objects).access.filter((a) => a.to === 'shop/db');
    expect(toDb.map((a) => [a.from, a.mtls, a.reasons.filter((r) => r.object.startsWith('PeerAuthentication'))])).toEqual([
      ['shop/api', 'mutual', [{ layer: 'mtls', object: 'PeerAuthentication/shop/a-strict', detail: 'STRICT (namespace default)' }]],
    ]); // `any` (no sidecar) is refused by STRICT
  });
});
