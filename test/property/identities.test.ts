/**
 * The invariant of issue 12 §1 over random definitions whose names are drawn from every name the library derives
 * objects from (identity-arbitraries.ts): a definition is either refused with a SecureMeshError whose every problem
 * names a definition field, or its output, as `kubectl apply` keeps it (the last object of each API group, kind,
 * namespace and name), has no repeated identity, nor two Certificates writing one Secret, nor a ConfigMap the trust
 * bundle writes over one of ours. The identity is computed here, independently of lib/.
 */
import fc from 'fast-check';
import { Chart } from 'cdk8s';
import { SecureMesh, SecureMeshError, synthesizeMesh, type SecureMeshProps } from '../../lib';
import type { K8sObject } from '../../lib/k8s-object';
import { testApp } from '../helpers/cdk8s';
import { toYaml } from './arbitraries';
import { arbDerivedNamesDefinition } from './identity-arbitraries';
import { fcParams, propertyTimeout } from './runs';

process.env.SECURE_MESH_QUIET = '1';

/** `group/kind/namespace/name`, the key kubectl apply uses (group without version). */
function key(o: K8sObject): string {
  const slash = o.apiVersion.indexOf('/');
  return `${slash < 0 ? '' : o.apiVersion.slice(0, slash)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** Every identity that appears more than once among what a cluster would get, objects and controller-written ones. */
function repeatedIdentities(objects: readonly K8sObject[], pkiNamespace: string): string[] {
  const seen = new Map<string, number>();
  const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  // The Secrets issuers sign with (a ClusterIssuer reads cert-manager's cluster resource namespace, our PKI namespace).
  const caKeys = new Set(objects.flatMap((o) => {
    const spec = o.spec as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    const ns = o.kind === 'ClusterIssuer' ? pkiNamespace : o.metadata.namespace;
    return (o.kind === 'ClusterIssuer' || o.kind === 'Issuer') ? [spec.ca?.secretName, spec.vault?.caBundleSecretRef?.name].filter(Boolean).map((n) => `${ns}/${n}`) : [];
  }));
  for (const o of objects) {
    count(key(o));
    const spec = o.spec as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    // cert-manager writes the Secret spec.secretName; our Certificates are named after it, so count it once per writer.
    if (o.kind === 'Certificate' && spec.secretName !== o.metadata.name) count(`/Secret/${o.metadata.namespace}/${spec.secretName}`);
    if (o.kind === 'Certificate') count(`secret-writer/${o.metadata.namespace}/${spec.secretName}`);
    // A leaf writing a CA's signing Secret replaces the CA key: as bad as a repeat.
    if (o.kind === 'Certificate' && spec.isCA !== true && caKeys.has(`${o.metadata.namespace}/${spec.secretName}`)) count(`ca-key/${o.metadata.namespace}/${spec.secretName}`), count(`ca-key/${o.metadata.namespace}/${spec.secretName}`);
    // trust-manager writes a ConfigMap named after the Bundle into every namespace its selector matches.
    if (o.kind === 'Bundle') {
      const labels = spec.target.namespaceSelector.matchLabels as Record<string, string>;
      for (const ns of namespaces.filter((n) => Object.entries(labels).every(([k, v]) => n.metadata.labels?.[k] === v))) count(`/ConfigMap/${ns.metadata.name}/${o.metadata.name}`);
    }
  }
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

const outcomes = { accepted: 0, refused: 0, acceptedWithDerivedName: 0 };

function check(def: SecureMeshProps): void {
  let objects: readonly K8sObject[];
  try {
    objects = synthesizeMesh(def).objects;
  } catch (error) {
    if (!(error instanceof SecureMeshError)) throw new Error(`not a SecureMeshError:\n${toYaml(def)}\n${(error as Error).stack}`);
    for (const p of error.problems) {
      if (p.path === '') throw new Error(`a problem names no definition field: ${p.message}\n${toYaml(def)}`);
    }
    outcomes.refused++;
    return;
  }
  outcomes.accepted++;
  if ((def.workloads ?? []).some((w) => ['deny-all', 'default-deny-x', 'web-tls', 'mesh-root-ca'].includes(w.name) || w.tls?.secretName === 'mesh-intermediate-ca')) outcomes.acceptedWithDerivedName++;
  const repeated = repeatedIdentities(objects, def.pki?.namespace ?? 'cert-manager');
  if (repeated.length > 0) throw new Error(`repeated identities ${repeated.join(', ')} in the output of:\n${toYaml(def)}`);
}

describe('no two emitted objects share an identity', () => {
  test('random definitions over derived and reserved names: refused naming the fields, or no identity repeats', () => {
    fc.assert(fc.property(arbDerivedNamesDefinition, check), fcParams(300));
    // The generator reaches both sides, and accepts derived names where they collide with nothing.
    expect(outcomes.accepted).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(10);
    expect(outcomes.acceptedWithDerivedName).toBeGreaterThan(0);
  }, propertyTimeout(300));

  test('two random meshes in one app: refused naming both constructs, or nothing emitted twice differs and no namespace is managed twice', () => {
    fc.assert(fc.property(arbDerivedNamesDefinition, arbDerivedNamesDefinition, (one, two) => {
      const app = testApp();
      let first: SecureMesh;
      try {
        first = new SecureMesh(new Chart(app, 'one'), 'mesh', one);
      } catch (error) {
        if (error instanceof SecureMeshError) return;
        throw error;
      }
      try {
        new SecureMesh(new Chart(app, 'two'), 'mesh', two);
      } catch (error) {
        if (!(error instanceof SecureMeshError)) throw error;
        // Refused for its own definition, or for the other mesh, naming both constructs.
        if (/in the same app/.test(error.message)) expect(error.message).toMatch(/"two\/mesh".*"one\/mesh"/s);
        return;
      }
      const byKey = new Map(first.apiObjects.map((o) => [key(o.toJson()), o.toJson()]));
      for (const o of app.charts[1].toJson() as K8sObject[]) {
        const earlier = byKey.get(key(o));
        if (earlier === undefined) continue;
        expect(o.kind).not.toBe('Namespace');
        expect(o).toEqual(earlier);
      }
    }), fcParams(60));
  }, propertyTimeout(60));
});
