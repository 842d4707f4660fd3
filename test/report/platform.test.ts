/** The platform example (apps/platform.ts) analyzed from its synthesized objects. */
import { platformDefinition } from '../../apps/platform';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { analyzeConnectivity, type Access, type ConnectivityReport } from '../../lib/report';

let report: ConnectivityReport;
beforeAll(() => {
  report = analyzeConnectivity(synthesizeMesh(platformDefinition).objects);
});

const edges = (from: string, to: string): Access[] => report.access.filter((a) => a.from === from && a.to === to);
const only = (from: string, to: string): Access => {
  const found = edges(from, to);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('platform connectivity', () => {
  test('finds the declared workloads with their identity, and the infrastructure the policies name', () => {
    const web = report.workloads.find((w) => w.id === 'storefront/web');
    expect(web).toEqual({ id: 'storefront/web', namespace: 'storefront', name: 'web', labels: { app: 'web' }, serviceAccount: 'web', sidecar: true });
    expect(report.workloads.map((w) => w.id)).toEqual(expect.arrayContaining([
      'orders/orders', 'orders/billing-worker', 'payments/payments', 'models/sklearn-iris-predictor', 'storefront/catalog',
      'istio-system/ingressgateway', 'kube-system/kube-dns', 'monitoring/prometheus',
    ]));
    expect(report.workloads.find((w) => w.id === 'istio-system/ingressgateway')?.serviceAccount).toBe('istio-ingressgateway-service-account');
  });

  test('web → orders: port 8080, the declared paths and methods, over mTLS, with the rules that allow it', () => {
    const a = only('storefront/web', 'orders/orders');
    expect(a).toMatchObject({ ports: [8080], paths: ['/orders', '/orders/*'], methods: ['GET', 'POST'], mtls: 'mutual' });
    expect(a.reasons).toEqual(expect.arrayContaining([
      { layer: 'network', object: 'NetworkPolicy/orders/orders', detail: 'ingress[0]' },
      { layer: 'network', object: 'NetworkPolicy/storefront/web', detail: 'egress[0]' },
      { layer: 'mtls', object: 'PeerAuthentication/orders/orders', detail: 'PERMISSIVE (portLevelMtls[8080])' },
      { layer: 'authorization', object: 'AuthorizationPolicy/orders/orders', detail: 'rules[0]' },
    ]));
  });

  test('legacy pods reach orders in plaintext, GET /orders/* only; prometheus only /metrics on 9090', () => {
    expect(only('namespace:legacy', 'orders/orders')).toMatchObject({ ports: [8080], paths: ['/orders/*'], methods: ['GET'], mtls: 'plaintext' });
    expect(edges('monitoring/prometheus', 'orders/orders').map((a) => [a.ports, a.paths])).toEqual([[[15020, 15090], []], [[9090], ['/metrics']]]);
  });

  test('payments accepts orders and billing-worker on 8443 over mTLS; the knative activator only the probe paths', () => {
    expect(only('orders/orders', 'payments/payments')).toMatchObject({ ports: [8443], paths: [], methods: [], mtls: 'mutual' });
    expect(only('orders/billing-worker', 'payments/payments')).toMatchObject({ ports: [8443], mtls: 'mutual' });
    expect(only('namespace:knative-serving', 'models/sklearn-iris-predictor')).toMatchObject({ ports: [8080], paths: ['/healthz', '/metrics', '/ready', '/wait-for-drain'] });
    expect(only('storefront/web', 'models/sklearn-iris-predictor')).toMatchObject({ ports: [8080], paths: ['/v1/models/*'], methods: ['POST'] });
    expect(only('istio-system/ingressgateway', 'storefront/web')).toMatchObject({ ports: [8080], mtls: 'mutual' });
  });

  test('undeclared pairs have no access', () => {
    for (const [from, to] of [
      ['storefront/web', 'payments/payments'], ['storefront/catalog', 'orders/orders'], ['orders/billing-worker', 'orders/orders'],
      ['namespace:legacy', 'payments/payments'], ['any', 'storefront/web'], ['payments/payments', 'orders/orders'],
      ['storefront/web', 'orders/billing-worker'], ['namespace:knative-serving', 'storefront/web'], ['cidr:203.0.113.0/24', 'payments/payments'],
    ]) {
      expect({ from, to, edges: edges(from, to) }).toEqual({ from, to, edges: [] });
    }
  });

  test('every meshed workload may resolve DNS and reach istiod, through its namespace baseline', () => {
    const dns = only('orders/orders', 'kube-system/kube-dns');
    expect(dns).toMatchObject({ ports: [53], mtls: 'plaintext' });
    expect(dns.reasons).toContainEqual({ layer: 'network', object: 'NetworkPolicy/orders/default-deny', detail: 'egress[0]' });
    expect(only('payments/payments', 'istio-system/istiod')).toMatchObject({ ports: [15012] });
  });

  test('is deterministic', () => {
    const again = analyzeConnectivity(synthesizeMesh(platformDefinition).objects);
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
  });
});
