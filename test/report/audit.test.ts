/**
 * The connectivity report on a mesh with a namespace in audit: dry-run AuthorizationPolicies refuse nothing, so the
 * report shows what is really reachable (callers the definition does not declare included) and says "dry-run".
 */
import { platformDefinition } from '../../apps/platform';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import type { SecureMeshProps } from '../../lib';
import { analyzeConnectivity, renderConnectivity } from '../../lib/report';

function auditing(namespace: string): SecureMeshProps {
  return { ...platformDefinition, namespaces: (platformDefinition.namespaces ?? []).map((n) => (n.name === namespace ? { ...n, enforcement: 'audit' as const } : n)) };
}

const callersOf = (report: ReturnType<typeof analyzeConnectivity>, dest: string): string[] => report.access.filter((a) => a.to === dest).map((a) => a.from);

describe('connectivity report with enforcement: audit', () => {
  const enforced = analyzeConnectivity(synthesizeMesh(platformDefinition).objects);
  const audited = analyzeConnectivity(synthesizeMesh(auditing('orders')).objects);

  test('an audited namespace admits the callers its policies would refuse; the others keep theirs', () => {
    const declared = callersOf(enforced, 'orders/orders');
    const now = callersOf(audited, 'orders/orders');
    // `any`: callers the objects do not list (the enforced namespace admits no such caller).
    expect(declared).not.toContain('any');
    expect(now).toContain('any');
    expect(now).toEqual(expect.arrayContaining(['payments/payments', 'storefront/catalog', ...declared.filter((c) => c.includes('/'))]));
    expect(callersOf(audited, 'payments/payments').sort()).toEqual(callersOf(enforced, 'payments/payments').sort());
  });

  test('notes and reasons say which layers are in audit, and "dry-run"', async () => {
    expect(audited.notes.join('\n')).toMatch(/namespace orders: \d+ AuthorizationPolic(y is a|ies are) dry-run \(istio\.io\/dry-run\)/);
    expect(audited.notes).toContain('namespace orders: in audit (secure-mesh enforcement: audit): no NetworkPolicies or Sidecar scope, PERMISSIVE instead of STRICT mTLS, dry-run AuthorizationPolicies');
    expect(enforced.notes.join('\n')).not.toMatch(/dry-run|in audit/);
    const md = await renderConnectivity(audited, 'markdown');
    expect(md).toContain('no enforced ALLOW AuthorizationPolicy applies (dry-run policies are logged, not enforced)');
    expect(md).toContain('namespace orders: in audit');
  });
});
