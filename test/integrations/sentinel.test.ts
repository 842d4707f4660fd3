import { Yaml } from 'cdk8s';
import { SentinelChart, sentinelDefinition } from '../../apps/sentinel';
import { synthesizeMesh, type SecureMeshProps } from '../../lib';
import { validateObjects } from '../../lib/checks/schema';
import type { AppTlsPhase } from '../../lib/integrations/app-tls/definition';
import { evaluate, type Pod } from '../evaluator';
import { testApp } from '../helpers/cdk8s';
import { find, namespacesOf, objectsOf, ofKind, spec } from './helpers';

const NS = 'sentinel-system';
const objects = objectsOf(new SentinelChart(testApp()));
const phase = (p: AppTlsPhase, current?: AppTlsPhase): SecureMeshProps => ({ ...sentinelDefinition, appTls: { phase: p, ...(current ? { currentPhase: current } : {}) } });

describe('Sentinel app (seed: mTLS implementation guide)', () => {
  test('snapshot, strictly valid', () => {
    expect(validateObjects(objects)).toEqual([]);
    expect(Yaml.stringify(...objects)).toMatchSnapshot();
  });

  test('per-service certificates: 90 days, renewed 15 days before, RSA 2048, the four usages', () => {
    const certs = ofKind(objects, 'Certificate').filter((c) => c.metadata.namespace === NS);
    expect(certs.map((c) => c.metadata.name)).toEqual(['control-api-tls', 'infra-adapter-tls', 'node-agent-tls', 'pipeline-controller-tls']); // canonical order: by name
    for (const c of certs) {
      expect(spec(c)).toMatchObject({
        duration: '2160h', renewBefore: '360h', privateKey: { algorithm: 'RSA', size: 2048 },
        usages: ['server auth', 'client auth', 'digital signature', 'key encipherment'],
      });
    }
    expect(spec(certs[0]).commonName).toBe('control-api.sentinel-system.svc.cluster.local');
    expect(spec(certs[0]).dnsNames).toEqual(['control-api', 'control-api.sentinel-system', 'control-api.sentinel-system.svc', 'control-api.sentinel-system.svc.cluster.local']);
    expect(spec(certs[2]).dnsNames).toContain('*.sentinel-system.svc.cluster.local'); // node-agent-tls
  });

  test('each Deployment: key pair at /etc/sentinel/certs, trust bundle as the CA file, MTLS_* env, policy labels, restart on renewal and on trust changes', () => {
    const d = find(objects, 'Deployment', NS, 'control-api') as any;
    const c = d.spec.template.spec.containers[0];
    expect(c.env).toEqual([
      { name: 'MTLS_ENABLED', value: 'true' },
      { name: 'MTLS_CERT_PATH', value: '/etc/sentinel/certs/tls.crt' },
      { name: 'MTLS_KEY_PATH', value: '/etc/sentinel/certs/tls.key' },
      // The trust bundle (every root valid during a CA rotation), not the Secret's ca.crt (one issuing CA).
      { name: 'MTLS_CA_CERT_PATH', value: '/etc/secure-mesh/trust/ca.crt' },
    ]);
    expect(c.volumeMounts).toEqual([
      { name: 'tls', mountPath: '/etc/sentinel/certs', readOnly: true },
      { name: 'trust-bundle', mountPath: '/etc/secure-mesh/trust', readOnly: true },
    ]);
    expect(d.spec.template.spec.volumes).toEqual([
      { name: 'tls', secret: { secretName: 'control-api-tls', items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }] } },
      { name: 'trust-bundle', configMap: { name: 'sentinel-trust', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    ]);
    // The ConfigMap trust-manager writes for the Bundle into this namespace.
    expect(find(objects, 'Bundle', undefined, 'sentinel-trust')).toBeDefined();
    expect((find(objects, 'Namespace', undefined, NS) as any).metadata.labels['secure-mesh.io/trust-bundle']).toBe('enabled');
    expect(d.spec.template.metadata.labels).toMatchObject({ app: 'control-api' });
    expect(d.spec.template.spec.serviceAccountName).toBe('control-api');
    expect(d.metadata.annotations).toEqual({ 'secret.reloader.stakater.com/reload': 'control-api-tls', 'configmap.reloader.stakater.com/reload': 'sentinel-trust' });
  });

  test('NetworkPolicy: control-api accepts only pipeline-controller and the adapter, on 8000', () => {
    const np = spec(find(objects, 'NetworkPolicy', NS, 'control-api'));
    expect(np.podSelector).toEqual({ matchLabels: { app: 'control-api' } });
    expect(np.ingress).toEqual([{
      // Both callers live in the namespace and are selected by `app`: one peer for the two.
      from: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': NS } }, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['pipeline-controller', 'infra-adapter'] }] } },
      ],
      ports: [{ protocol: 'TCP', port: 8000 }],
    }]);
  });

  test('alerts: expiring within 7 days (ignoring the unset 0) and renewal failing for 5 minutes', () => {
    const rules = spec(find(objects, 'PrometheusRule', 'monitoring', 'sentinel-certificate-alerts')).groups[0].rules;
    expect(rules[0]).toMatchObject({ alert: 'CertificateExpiringSoon', expr: '(certmanager_certificate_expiration_timestamp_seconds > 0) - time() < 604800' });
    expect(rules[1]).toMatchObject({ alert: 'CertificateRenewalFailed', expr: 'certmanager_certificate_ready_status{condition="False"} == 1', for: '5m' });
  });

  test('migration phases: off → certificates issued → on, each synthesizable; skipping is refused', () => {
    const at = (p: AppTlsPhase) => objectsOf(new SentinelChart(testApp(), 'sentinel', phase(p)));
    const summary = (objs: ReturnType<typeof at>) => ({
      certificates: ofKind(objs, 'Certificate').filter((c) => c.metadata.namespace === NS).length,
      enabled: (find(objs, 'Deployment', NS, 'control-api') as any).spec.template.spec.containers[0].env[0].value,
      mounted: ((find(objs, 'Deployment', NS, 'control-api') as any).spec.template.spec.volumes ?? []).length,
      mtls: spec(find(objs, 'PeerAuthentication', NS, 'default')).mtls.mode,
    });
    expect(summary(at('mtls-off'))).toEqual({ certificates: 0, enabled: 'false', mounted: 0, mtls: 'PERMISSIVE' });
    expect(summary(at('certificates-issued'))).toEqual({ certificates: 4, enabled: 'false', mounted: 2, mtls: 'PERMISSIVE' });
    expect(summary(at('mtls-on'))).toEqual({ certificates: 4, enabled: 'true', mounted: 2, mtls: 'STRICT' });
    expect(() => synthesizeMesh(phase('mtls-on', 'mtls-off'))).toThrow('appTls.phase: cannot go from "mtls-off" to "mtls-on": apply "certificates-issued" first (services must have their certificates before they require mutual TLS)');
  });

  describe('documented traffic outcomes (independent evaluator)', () => {
    const cluster = { objects, namespaces: namespacesOf(objects, ['other']) };
    const svc = (name: string, namespace = NS): Pod => ({ namespace, labels: { app: name }, serviceAccount: name, sidecar: true });
    test('pipeline-controller → control-api:8000 allowed', () => {
      expect(evaluate(cluster, { from: svc('pipeline-controller'), to: svc('control-api'), port: 8000 }).allowed).toBe(true);
      expect(evaluate(cluster, { from: svc('infra-adapter'), to: svc('control-api'), port: 8000 }).allowed).toBe(true);
    });
    test('others denied', () => {
      expect(evaluate(cluster, { from: svc('node-agent'), to: svc('control-api'), port: 8000 }).allowed).toBe(false);
      expect(evaluate(cluster, { from: svc('pipeline-controller', 'other'), to: svc('control-api'), port: 8000 }).allowed).toBe(false);
      expect(evaluate(cluster, { from: svc('pipeline-controller'), to: svc('control-api'), port: 9000 }).allowed).toBe(false);
    });
  });
});
