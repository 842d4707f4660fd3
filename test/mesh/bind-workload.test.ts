import { Testing } from 'cdk8s';
import { Deployment, Job, ServiceAccount, StatefulSet } from 'cdk8s-plus-28';
import { AppTls, runPack, SecureMesh, type K8sObject, type SecureMeshProps } from '../../lib';
import { evaluate, type Pod } from '../evaluator';
import { testChart } from '../helpers/cdk8s';
import { namespacesOf } from '../integrations/helpers';

const definition: SecureMeshProps = {
  namespaces: [{ name: 'shop' }],
  workloads: [
    { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] },
    { name: 'api', namespace: 'shop', serviceAccount: 'api-identity', ports: [{ name: 'http', port: 9000 }], ingress: [{ from: { workload: 'web' } }] },
    { name: 'db', namespace: 'shop', ports: [{ name: 'pg', port: 5432 }], tls: { env: { certPath: 'CERT', keyPath: 'KEY', caPath: 'CA' } }, ingress: [{ from: { workload: 'api' } }] },
  ],
};

const container = (name: string) => ({ name, image: `example/${name}:1`, securityContext: { user: 1000, group: 1000 } });

/** The pod a pod template runs as, for the independent evaluator: its labels and service account as written. */
function podOf(objects: readonly K8sObject[], kind: string, name: string): Pod {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name) as any;
  const template = o.spec.template;
  return { namespace: o.metadata.namespace ?? 'default', labels: template.metadata?.labels ?? {}, serviceAccount: template.spec.serviceAccountName ?? 'default', sidecar: true };
}

describe('SecureMesh.bindWorkload', () => {
  test('an unbound cdk8s-plus Deployment synthesizes, is cut off, and SM-NP-030 names it; bound, it is admitted', () => {
    const unbound = testChart();
    const mesh = new SecureMesh(unbound, 'mesh', definition);
    new Deployment(unbound, 'web', { metadata: { namespace: 'shop' }, containers: [container('web')] });
    new Deployment(unbound, 'api', { metadata: { namespace: 'shop' }, containers: [container('api')] });
    // Today's silent case: synth passes (the pack's finding is a warning), yet nothing admits the pods.
    const before = Testing.synth(unbound) as K8sObject[];
    const findings = runPack(before).filter((f) => f.ruleId === 'SM-NP-030');
    expect(findings.map((f) => f.object)).toEqual(['Deployment/shop/test-api', 'Deployment/shop/test-web']);
    expect(findings[0].message).toContain('mesh.bindWorkload(workload, { namespace: \'shop\', name: \'api\' })');
    const cluster = (objs: K8sObject[]) => ({ objects: objs, namespaces: namespacesOf(objs) });
    expect(evaluate(cluster(before), { from: podOf(before, 'Deployment', 'test-web'), to: podOf(before, 'Deployment', 'test-api'), port: 9000 }).allowed).toBe(false);
    expect(mesh.apiObjects.length).toBeGreaterThan(0);

    const bound = testChart();
    const boundMesh = new SecureMesh(bound, 'mesh', definition);
    const web = new Deployment(bound, 'web', { metadata: { namespace: 'shop' }, containers: [container('web')] });
    const api = new Deployment(bound, 'api', { containers: [container('api')] });
    expect(boundMesh.bindWorkload(web, { namespace: 'shop', name: 'web' })).toBeUndefined();
    boundMesh.bindWorkload(api, { namespace: 'shop', name: 'api' });
    const after = Testing.synth(bound) as K8sObject[];
    expect(runPack(after).filter((f) => f.ruleId === 'SM-NP-030')).toEqual([]);
    const apiPod = podOf(after, 'Deployment', 'test-api');
    // Labels the policies select, the definition's identity, and its namespace (the Deployment had none).
    expect(apiPod).toMatchObject({ namespace: 'shop', labels: { app: 'api' }, serviceAccount: 'api-identity' });
    const sa = after.filter((o) => o.kind === 'ServiceAccount');
    expect(sa.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['shop/web', 'shop/api-identity']);
    expect(evaluate(cluster(after), { from: podOf(after, 'Deployment', 'test-web'), to: apiPod, port: 9000 }).allowed).toBe(true);
    expect(evaluate(cluster(after), { from: apiPod, to: podOf(after, 'Deployment', 'test-web'), port: 8080 }).allowed).toBe(false);
  });

  test('app TLS where the entry declares tls, on a StatefulSet; Jobs too; the ServiceAccount is added once per chart', () => {
    const chart = testChart();
    const mesh = new SecureMesh(chart, 'mesh', definition);
    const db = new StatefulSet(chart, 'db', { metadata: { namespace: 'shop' }, containers: [{ ...container('db'), portNumber: 5432 }] });
    const binding = mesh.bindWorkload(db, { namespace: 'shop', name: 'db' });
    expect(binding?.secretName).toBe('db-tls');
    const job = new Job(chart, 'migrate', { metadata: { namespace: 'shop' }, containers: [container('migrate')] });
    mesh.bindWorkload(job, { namespace: 'shop', name: 'db', createServiceAccount: true });
    const objs = Testing.synth(chart) as any[];
    const sts = objs.find((o) => o.kind === 'StatefulSet');
    expect(sts.spec.template.spec.serviceAccountName).toBe('db');
    expect(sts.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['CERT', 'KEY', 'CA']);
    expect(sts.spec.template.spec.volumes.map((v: any) => v.secret?.secretName ?? v.configMap?.name)).toContain('db-tls');
    expect(objs.find((o) => o.kind === 'Job').spec.template.spec.serviceAccountName).toBe('db');
    expect(objs.filter((o) => o.kind === 'ServiceAccount')).toHaveLength(1);
  });

  test('a workload name not in the definition, another namespace or another service account: one clear error', () => {
    const chart = testChart();
    const mesh = new SecureMesh(chart, 'mesh', definition);
    const d = new Deployment(chart, 'x', { metadata: { namespace: 'shop' }, containers: [container('x')] });
    expect(() => mesh.bindWorkload(d, { namespace: 'shop', name: 'apj' })).toThrow('SecureMesh.bindWorkload: no workload "shop/apj" in the definition; did you mean "api"? Workloads declared in "shop": api, db, web');
    expect(() => mesh.bindWorkload(d, { namespace: 'shpo', name: 'api' })).toThrow('did you mean namespace "shop"?');
    const elsewhere = new Deployment(chart, 'y', { metadata: { namespace: 'other' }, containers: [container('y')] });
    expect(() => mesh.bindWorkload(elsewhere, { namespace: 'shop', name: 'api' })).toThrow('is in namespace "other", but workloads[1] (shop/api) is in "shop"');
    const other = new Deployment(chart, 'z', { metadata: { namespace: 'shop' }, serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'sa', 'default'), containers: [container('z')] });
    expect(() => mesh.bindWorkload(other, { namespace: 'shop', name: 'api' })).toThrow('runs as service account "default", but workloads[1] (shop/api) has the identity "api-identity"');
  });

  test('AppTls.bind sets the service account it documents', () => {
    const chart = testChart();
    const mesh = new SecureMesh(chart, 'mesh', definition);
    const db = new Deployment(chart, 'db', { metadata: { namespace: 'shop' }, containers: [container('db')] });
    AppTls.bind(mesh, db, db.containers[0], { namespace: 'shop', name: 'db' });
    const d = (Testing.synth(chart) as any[]).find((o) => o.kind === 'Deployment');
    expect(d.spec.template.spec.serviceAccountName).toBe('db');
    expect(d.spec.template.metadata.labels.app).toBe('db');
  });
});
