import { LocalCertManager } from '../../lib/devcerts';
import type { K8sObject } from '../../lib/k8s-object';
import type { SecureMeshProps } from '../../lib/model/definition';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { rotationPlan, type RotationStep } from '../../lib/rotation';
import { ModelMeshChart } from '../../apps/modelmesh';
import type { ModelMeshTlsProps } from '../../lib/integrations';
import { testApp } from '../helpers/cdk8s';
import { objectsOf } from '../integrations/helpers';
import { containerFiles, fileOf } from './pod-files';
import { handshakeFailures, type Pod } from './pods';

/**
 * Rotation rehearsals with real TLS handshakes. A local cert-manager applies the manifests of each
 * step (keeping issued Secrets across steps, re-issuing what changed); pods load their key pair and
 * trust from that state when they start. During the rolling update of step k, pods started at step
 * k-1 and pods started at step k coexist: every handshake between any two of them must succeed.
 */

type State = (workload: string, generation: string) => Pod;

async function rehearse(initial: readonly K8sObject[], steps: readonly { manifests: readonly K8sObject[]; podsAt: (cm: LocalCertManager, objects: readonly K8sObject[]) => State }[],
  initialPods: (cm: LocalCertManager, objects: readonly K8sObject[]) => State, workloads: readonly string[]): Promise<{ step: number; failures: string[] }[]> {
  const cm = new LocalCertManager();
  await cm.apply(initial);
  let previous = initialPods(cm, initial);
  const results: { step: number; failures: string[] }[] = [];
  for (const [i, step] of steps.entries()) {
    await cm.apply(step.manifests);
    const next = step.podsAt(cm, step.manifests);
    const pods = workloads.flatMap((w) => [previous(w, `old@${i}`), next(w, `new@${i + 1}`)]);
    const failures = await handshakeFailures(pods);
    results.push({ step: i + 1, failures: failures.map((f) => `${f.client} → ${f.server}: ${f.reason}`) });
    previous = next;
  }
  return results;
}

// ------------------------------------------------------------------------------------------ CA rotation

const MESH: SecureMeshProps = {
  name: 'm',
  namespaces: [{ name: 'apps' }],
  workloads: [
    { name: 'api', namespace: 'apps', tls: {} },
    { name: 'worker', namespace: 'apps', tls: { privateKey: { algorithm: 'ECDSA', size: 384, encoding: 'PKCS1' } } },
  ],
};

/** Workload pods of the CA plan: the workload's Secret and the trust bundle's roots. */
const meshPods = (cm: LocalCertManager, objects: readonly K8sObject[]): State => {
  const trust = cm.bundle(objects, 'm-trust');
  const snapshot = new Map(['api', 'worker'].map((w) => [w, cm.secret('apps', `${w}-tls`)]));
  return (workload, generation) => {
    const secret = snapshot.get(workload);
    if (!secret) throw new Error(`no Secret for ${workload}`);
    return { label: `${workload}(${generation})`, servername: `${workload}.apps.svc`, cert: secret.tlsCrt, key: secret.tlsKey, ca: trust };
  };
};

describe('CA rotation', () => {
  let plan: RotationStep[];
  beforeAll(() => {
    plan = rotationPlan('ca', MESH);
  });

  test('three steps: trust both, issue from the new chain, drop the old root', () => {
    expect(plan.map((s) => [s.number, s.title])).toEqual([[1, 'Trust both roots'], [2, 'Issue leaves from the new chain'], [3, 'Drop the old root']]);
    const bundleSources = (s: RotationStep) => (s.manifests.find((o) => o.kind === 'Bundle')?.spec as { sources: { secret: { name: string } }[] }).sources.map((x) => x.secret.name);
    expect(plan.map(bundleSources)).toEqual([['m-root-ca', 'm-root-ca-b'], ['m-root-ca', 'm-root-ca-b'], ['m-root-ca-b']]);
    const leafIssuer = (s: RotationStep) => (s.manifests.find((o) => o.metadata.name === 'api-tls')?.spec as { issuerRef: { name: string } }).issuerRef.name;
    expect(plan.map(leafIssuer)).toEqual(['m-intermediate', 'm-intermediate-b', 'm-intermediate-b']);
    expect(plan[2].manifests.some((o) => o.metadata.name === 'm-root-ca')).toBe(false);
  });

  test('rehearsal: old and new pods complete mutual TLS at every step', async () => {
    const results = await rehearse(synthesizeMesh(MESH).objects, plan.map((s) => ({ manifests: s.manifests, podsAt: meshPods })), meshPods, ['api', 'worker']);
    expect(results).toEqual([{ step: 1, failures: [] }, { step: 2, failures: [] }, { step: 3, failures: [] }]);
  });

  test('the unsafe one-step rotation (new key and new trust at once) breaks old ↔ new handshakes', async () => {
    const [result] = await rehearse(synthesizeMesh(MESH).objects, [{ manifests: plan[2].manifests, podsAt: meshPods }], meshPods, ['api', 'worker']);
    expect(result.failures.length).toBeGreaterThan(0);
    expect(result.failures.some((f) => /old@0\) → .*new@1/.test(f))).toBe(true);
    expect(result.failures.some((f) => /new@1\) → .*old@0/.test(f))).toBe(true);
    // Pods of one generation still talk to each other: it is the overlap that breaks.
    expect(result.failures.every((f) => /old.*new|new.*old/.test(f))).toBe(true);
  });
});

// ------------------------------------------------------------------------------ ModelMesh rotation

const MM_MESH: ModelMeshTlsProps = {
  name: 'm',
  // The new key pair comes from a new CA (the case that needs ModelMesh's three steps) that no trust
  // bundle distributes: MM_INTERNAL_TRUST_CERTS is then the only way old and new pods trust each other.
  pki: { rotation: { phase: 'trust-both', newRoot: { type: 'selfSigned', commonName: 'm root CA b' } }, trustBundle: false },
  istio: false, // ModelMesh terminates TLS itself (as in apps/modelmesh.ts)
  modelmesh: { etcd: { cidrs: ['10.0.0.0/24'] }, tls: { clientAuth: 'require' } },
};
const MM_NS = 'modelmesh-serving';
const mmAtStep = (step: 0 | 1 | 2 | 3): ModelMeshTlsProps => (step === 0 ? MM_MESH
  : { ...MM_MESH, modelmesh: { ...MM_MESH.modelmesh, tls: { ...MM_MESH.modelmesh.tls, rotation: { step, currentStep: (step - 1) as 0 | 1 | 2, newIssuer: 'm-intermediate-b' } } } });
/** The ModelMesh app at a step: a Deployment bound with ModelMeshTls.bind (the container ModelMesh runs in). */
const mmApp = (step: 0 | 1 | 2 | 3): K8sObject[] => objectsOf(new ModelMeshChart(testApp(), 'mm', mmAtStep(step)));

/** ModelMesh pods: the files its env vars name, laid out from the volumes the bound Deployment mounts. */
const modelMeshPods = (app: readonly K8sObject[]) => (cm: LocalCertManager, objects: readonly K8sObject[]): State => {
  const cert = objects.find((o) => o.kind === 'Certificate' && o.metadata.namespace === MM_NS) as { spec: { dnsNames: string[] } } | undefined;
  const deployment = app.find((o) => o.kind === 'Deployment' && o.metadata.name === 'modelmesh-standalone');
  if (!deployment) throw new Error('no ModelMesh Deployment');
  const view = containerFiles(deployment, 'mm', cm, objects);
  const file = (path: string) => fileOf({ files: view.files, env: new Map([['path', path]]) }, 'path');
  const paths = (name: string) => (view.env.get(name) ?? '').split(',').filter((p) => p.length > 0);
  // ModelMesh is Java: its PKIX trust manager accepts a chain that ends at any trusted certificate,
  // such as the intermediate cert-manager writes as ca.crt.
  const pod = { cert: fileOf(view, 'MM_TLS_KEY_CERT_PATH'), key: fileOf(view, 'MM_TLS_PRIVATE_KEY_PATH'),
    ca: [...paths('MM_TLS_TRUST_CERT_PATH'), ...paths('MM_INTERNAL_TRUST_CERTS')].map(file), trustsIntermediates: true };
  return (workload, generation) => ({ label: `${workload}(${generation})`, servername: cert?.spec.dnsNames[0] ?? MM_NS, ...pod });
};

describe('ModelMesh internal trust rotation', () => {
  let plan: RotationStep[];
  beforeAll(() => {
    plan = rotationPlan('modelmesh', MM_MESH, { newIssuer: 'm-intermediate-b' });
  });

  test('three steps: add the new CA to MM_INTERNAL_TRUST_CERTS, switch the key pair trusting the old CA, drop the old trust', () => {
    const internalTrust = plan.map((s) => s.container?.env.find((e) => e.name === 'MM_INTERNAL_TRUST_CERTS')?.value);
    expect(internalTrust).toEqual(['/opt/kserve/mmesh/tls-next/ca.crt', '/opt/kserve/mmesh/tls/ca.crt', undefined]);
    const keyCert = plan.map((s) => s.container?.env.find((e) => e.name === 'MM_TLS_KEY_CERT_PATH')?.value);
    expect(keyCert).toEqual(['/opt/kserve/mmesh/tls/tls.crt', '/opt/kserve/mmesh/tls-next/tls.crt', '/opt/kserve/mmesh/tls-next/tls.crt']);
  });

  const initial = () => synthesizeMesh(MM_MESH).objects;

  test('the bound Deployment at each step runs the plan\'s container env', () => {
    plan.forEach((s, i) => {
      const deployment = mmApp((i + 1) as 1 | 2 | 3).find((o) => o.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: { env: unknown[] }[] } } } };
      expect(deployment.spec.template.spec.containers[0].env).toEqual(s.container?.env);
    });
  });

  test('rehearsal: old and new ModelMesh pods complete mutual TLS at every step', async () => {
    const steps = plan.map((s, i) => ({ manifests: s.manifests, podsAt: modelMeshPods(mmApp((i + 1) as 1 | 2 | 3)) }));
    const results = await rehearse(initial(), steps, modelMeshPods(mmApp(0)), ['modelmesh']);
    expect(results).toEqual([{ step: 1, failures: [] }, { step: 2, failures: [] }, { step: 3, failures: [] }]);
  });

  test('the unsafe one-step rotation (new key pair and new trust at once) breaks old ↔ new handshakes', async () => {
    const last = plan[2];
    const [result] = await rehearse(initial(), [{ manifests: last.manifests, podsAt: modelMeshPods(mmApp(3)) }], modelMeshPods(mmApp(0)), ['modelmesh']);
    expect(result.failures.some((f) => /old@0\) → .*new@1/.test(f))).toBe(true);
    expect(result.failures.some((f) => /new@1\) → .*old@0/.test(f))).toBe(true);
    expect(result.failures.every((f) => /old.*new|new.*old/.test(f))).toBe(true);
  });
});
