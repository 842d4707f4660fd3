import { kserveDefinition } from '../../apps/kserve';
import { ModelMeshChart, modelmeshDefinition } from '../../apps/modelmesh';
import { SentinelChart, sentinelDefinition } from '../../apps/sentinel';
import { LocalCertManager } from '../../lib/devcerts';
import type { K8sObject } from '../../lib/k8s-object';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import type { CaRotationPhase, RootOfTrustSpec, SecureMeshProps } from '../../lib/model/definition';
import { rotationPlan } from '../../lib/rotation';
import { testApp } from '../helpers/cdk8s';
import { objectsOf } from '../integrations/helpers';
import { serverTlsHandshake } from '../devcerts/handshake';
import { containerFiles, fileOf } from './pod-files';
import { handshakeFailures, type Pod } from './pods';

/**
 * `rotate plan --kind ca` replayed with exactly the files each binding mounts. An example app binds
 * its Deployments (`AppTls.bind` with the Sentinel preset, `ModelMeshTls.bind`); the test reads the
 * emitted Deployments' volumes, volumeMounts and env, lays the files out from a local cert-manager and
 * trust-manager, and lets pods started before and after each step complete mutual TLS with each other.
 */

const PHASES: readonly CaRotationPhase[] = ['trust-both', 'issue-from-new', 'drop-old'];
const PKI_KINDS = new Set(['ClusterIssuer', 'Certificate', 'Bundle', 'Namespace']);
const pkiObjects = (objects: readonly K8sObject[]) => objects.filter((o) => PKI_KINDS.has(o.kind));

type StartPods = (cm: LocalCertManager, objects: readonly K8sObject[], generation: string) => Pod[];
type Results = { step: number; failures: string[] }[];

/**
 * Each step's app objects (the definition at that phase), applied; every pod of the previous step calls
 * every pod of this one. One issuance serves several verifiers (`verifiers`: how each runtime checks a
 * chain), each judged on its own pods.
 */
async function rehearseCaRotation<D extends SecureMeshProps>(definition: D, newRoot: RootOfTrustSpec, app: (d: D) => K8sObject[],
  verifiers: Readonly<Record<string, StartPods>>): Promise<Record<string, Results>> {
  const plan = rotationPlan('ca', definition, { newRoot });
  const cm = new LocalCertManager();
  const initial = app(definition);
  await cm.apply(initial);
  const names = Object.keys(verifiers);
  let previous = new Map(names.map((n) => [n, verifiers[n](cm, initial, 'old@0')]));
  const results: Record<string, Results> = Object.fromEntries(names.map((n) => [n, []]));
  for (const [i, phase] of PHASES.entries()) {
    const objects = app({ ...definition, pki: { ...definition.pki, rotation: { newRoot, phase } } });
    // The app at this phase is the plan's step: same issuers, certificates, bundle and namespaces.
    expect(pkiObjects(objects)).toEqual(pkiObjects(plan[i].manifests));
    await cm.apply(plan[i].manifests);
    const next = new Map(names.map((n) => [n, verifiers[n](cm, objects, `new@${i + 1}`)]));
    for (const n of names) {
      const failures = await handshakeFailures([...(previous.get(n) ?? []), ...(next.get(n) ?? [])]);
      results[n].push({ step: i + 1, failures: failures.map((f) => `${f.client} → ${f.server}: ${f.reason}`) });
    }
    previous = next;
  }
  return results;
}

const EVERY_STEP_OK: Results = [{ step: 1, failures: [] }, { step: 2, failures: [] }, { step: 3, failures: [] }];

const deploymentOf = (objects: readonly K8sObject[], namespace: string, name: string): K8sObject => {
  const found = objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === namespace && o.metadata.name === name);
  if (!found) throw new Error(`no Deployment ${namespace}/${name}`);
  return found;
};

// ------------------------------------------------------------------------------ app TLS (Sentinel)

const NS = 'sentinel-system';
const SENTINEL_WORKLOADS = ['control-api', 'pipeline-controller'];

describe('CA rotation of the Sentinel app', () => {
  /** Pods started now: each reads, once, the files its MTLS_* env vars name (Python's ssl loads them at start). */
  const sentinelPods = (trustsIntermediates: boolean): StartPods => (cm, objects, generation) => SENTINEL_WORKLOADS.map((w) => {
    const view = containerFiles(deploymentOf(objects, NS, w), w, cm, objects);
    return { label: `${w}(${generation})`, servername: `${w}.${NS}.svc`, cert: fileOf(view, 'MTLS_CERT_PATH'), key: fileOf(view, 'MTLS_KEY_PATH'),
      ca: fileOf(view, 'MTLS_CA_CERT_PATH'), trustsIntermediates };
  });

  test('old and new pods complete mutual TLS at every step, with the files AppTls.bind mounts', async () => {
    const results = await rehearseCaRotation(sentinelDefinition, { type: 'selfSigned', commonName: 'Sentinel CA b' },
      (d) => objectsOf(new SentinelChart(testApp(), 'sentinel', d)), {
        // Python's ssl before 3.13 (OpenSSL defaults: a chain must reach a trusted self-signed root) and from
        // 3.13 on (create_default_context sets VERIFY_X509_PARTIAL_CHAIN: a trusted intermediate ends a chain).
        'Python < 3.13': sentinelPods(false),
        'Python ≥ 3.13': sentinelPods(true),
      });
    expect(results).toEqual({ 'Python < 3.13': EVERY_STEP_OK, 'Python ≥ 3.13': EVERY_STEP_OK });
  }, 60_000);
});

// ---------------------------------------------------------------- ModelMesh (containers you bind)

describe('CA rotation of a ModelMesh container bound with ModelMeshTls.bind', () => {
  const MM_NS = 'modelmesh-serving';
  /** Two runtime pods per generation; ModelMesh is Java (a trusted intermediate ends a chain). */
  const modelMeshPods: StartPods = (cm, objects, generation) => {
    const view = containerFiles(deploymentOf(objects, MM_NS, 'modelmesh-standalone'), 'mm', cm, objects);
    const file = (path: string) => fileOf({ files: view.files, env: new Map([['path', path]]) }, 'path');
    const trust = (view.env.get('MM_TLS_TRUST_CERT_PATH') ?? '').split(',').filter((p) => p.length > 0).map(file);
    return ['a', 'b'].map((pod) => ({ label: `modelmesh-${pod}(${generation})`, servername: `modelmesh-serving.${MM_NS}`,
      cert: fileOf(view, 'MM_TLS_KEY_CERT_PATH'), key: fileOf(view, 'MM_TLS_PRIVATE_KEY_PATH'), ca: trust, trustsIntermediates: true }));
  };

  test('old and new pods complete mutual TLS at every step, with the files the binding mounts (MM_TLS_TRUST_CERT_PATH includes the bundle)', async () => {
    const results = await rehearseCaRotation(modelmeshDefinition, { type: 'selfSigned', commonName: 'modelmesh root CA b' },
      (d) => objectsOf(new ModelMeshChart(testApp(), 'modelmesh', d)), { 'Java (netty)': modelMeshPods });
    expect(results).toEqual({ 'Java (netty)': EVERY_STEP_OK });
  }, 60_000);
});

// ------------------------------------------------------------------ KServe local gateway (HTTPS)

describe('CA rotation of the kserve-local-gateway certificate', () => {
  test('callers trusting the bundle of their namespace verify the gateway before and after each step (tls.crt carries the intermediate)', async () => {
    const newRoot: RootOfTrustSpec = { type: 'selfSigned', commonName: 'kserve root CA b' };
    const plan = rotationPlan('ca', kserveDefinition, { newRoot });
    const cm = new LocalCertManager();
    const initial = synthesizeMesh(kserveDefinition).objects;
    await cm.apply(initial);
    const gateway = initial.find((o) => o.kind === 'Gateway' && o.metadata.name === 'kserve-local-gateway') as unknown as { metadata: { namespace: string }; spec: { servers: { tls: { mode: string; credentialName: string } }[] } };
    // SIMPLE: Istio reads only tls.crt and tls.key of the credential (istio/api#786), no CA.
    expect(gateway.spec.servers[0].tls.mode).toBe('SIMPLE');
    const credential = gateway.spec.servers[0].tls.credentialName;
    const certificate = initial.find((o) => o.kind === 'Certificate' && o.metadata.name === credential) as unknown as { spec: { dnsNames: string[] } };
    const servername = certificate.spec.dnsNames[0];
    const state = (objects: readonly K8sObject[]) => {
      const secret = cm.secret(gateway.metadata.namespace, credential);
      const bundle = cm.bundleConfigMap(objects, 'user1', 'kserve-trust');
      if (!secret || !bundle) throw new Error('gateway Secret or caller bundle missing');
      return { server: { cert: secret.tlsCrt, key: secret.tlsKey }, trusted: bundle['ca.crt'], secretCa: secret.caCrt };
    };
    let previous = state(initial);
    const failures: string[] = [];
    for (const [i, step] of plan.entries()) {
      await cm.apply(step.manifests);
      const next = state(step.manifests);
      // Istio swaps the served certificate when the Secret changes; callers restart with the new bundle at their own pace.
      for (const [server, s] of [['old', previous.server], ['new', next.server]] as const) {
        for (const [caller, trusted] of [['old', previous.trusted], ['new', next.trusted]] as const) {
          const result = await serverTlsHandshake(s, trusted, servername);
          if (!result.ok) failures.push(`step ${i + 1}: ${caller} caller → ${server} gateway certificate: ${result.clientError}`);
        }
      }
      if (step.number === 2) {
        // The trap: a caller trusting the gateway Secret's own ca.crt (one intermediate) loses it at step 2.
        expect((await serverTlsHandshake(next.server, previous.secretCa, servername)).ok).toBe(false);
      }
      previous = next;
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
