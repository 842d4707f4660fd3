import { SentinelChart, sentinelDefinition } from '../../apps/sentinel';
import { LocalCertManager } from '../../lib/devcerts';
import type { K8sObject } from '../../lib/k8s-object';
import type { CaRotationPhase, RootOfTrustSpec, SecureMeshProps } from '../../lib/model/definition';
import { rotationPlan } from '../../lib/rotation';
import { testApp } from '../helpers/cdk8s';
import { objectsOf } from '../integrations/helpers';
import { containerFiles, fileOf } from './pod-files';
import { handshakeFailures, type Pod } from './pods';

/**
 * `rotate plan --kind ca` replayed with exactly the files each binding mounts: the Sentinel app binds
 * its Deployments with `AppTls.bind` (the Sentinel preset); the test reads the emitted Deployments'
 * volumes, volumeMounts and MTLS_* env, lays the files out from a local cert-manager and trust-manager,
 * and lets pods started before and after each step complete mutual TLS with each other.
 */

const NS = 'sentinel-system';
const NEW_ROOT: RootOfTrustSpec = { type: 'selfSigned', commonName: 'Sentinel CA b' };
const WORKLOADS = ['control-api', 'pipeline-controller'];
const PKI_KINDS = new Set(['ClusterIssuer', 'Certificate', 'Bundle', 'Namespace']);

const definitionAt = (phase?: CaRotationPhase): SecureMeshProps => (phase
  ? { ...sentinelDefinition, pki: { ...sentinelDefinition.pki, rotation: { newRoot: NEW_ROOT, phase } } }
  : sentinelDefinition);
const appObjects = (definition: SecureMeshProps): K8sObject[] => objectsOf(new SentinelChart(testApp(), 'sentinel', definition));
const pkiObjects = (objects: readonly K8sObject[]) => objects.filter((o) => PKI_KINDS.has(o.kind));

/** Pods started now: each reads, once, the files its env vars name (Python's ssl loads them at start). */
function startPods(cm: LocalCertManager, objects: readonly K8sObject[], generation: string, trustsIntermediates: boolean): Pod[] {
  return WORKLOADS.map((w) => {
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === NS && o.metadata.name === w);
    if (!deployment) throw new Error(`no Deployment ${w}`);
    const view = containerFiles(deployment, w, cm, objects);
    return { label: `${w}(${generation})`, servername: `${w}.${NS}.svc`, cert: fileOf(view, 'MTLS_CERT_PATH'), key: fileOf(view, 'MTLS_KEY_PATH'),
      ca: fileOf(view, 'MTLS_CA_CERT_PATH'), trustsIntermediates };
  });
}

// Python's ssl before 3.13 (OpenSSL defaults: a chain must reach a trusted self-signed root) and from
// 3.13 on (create_default_context sets VERIFY_X509_PARTIAL_CHAIN: a trusted intermediate ends a chain).
describe.each([['Python < 3.13', false], ['Python ≥ 3.13', true]] as const)('CA rotation of the Sentinel app (%s)', (_runtime, trustsIntermediates) => {
  test('old and new pods complete mutual TLS at every step, with the files AppTls.bind mounts', async () => {
    const plan = rotationPlan('ca', sentinelDefinition, { newRoot: NEW_ROOT });
    const phases: CaRotationPhase[] = ['trust-both', 'issue-from-new', 'drop-old'];
    const cm = new LocalCertManager();
    const initial = appObjects(definitionAt());
    await cm.apply(initial);
    let previous = startPods(cm, initial, 'old@0', trustsIntermediates);
    const results: { step: number; failures: string[] }[] = [];
    for (const [i, phase] of phases.entries()) {
      const objects = appObjects(definitionAt(phase));
      // The app at this phase is the plan's step: same issuers, certificates, bundle and namespaces.
      expect(pkiObjects(objects)).toEqual(pkiObjects(plan[i].manifests));
      await cm.apply(plan[i].manifests);
      const next = startPods(cm, objects, `new@${i + 1}`, trustsIntermediates);
      const failures = await handshakeFailures([...previous, ...next]);
      results.push({ step: i + 1, failures: failures.map((f) => `${f.client} → ${f.server}: ${f.reason}`) });
      previous = next;
    }
    expect(results).toEqual([{ step: 1, failures: [] }, { step: 2, failures: [] }, { step: 3, failures: [] }]);
  }, 60_000);
});
