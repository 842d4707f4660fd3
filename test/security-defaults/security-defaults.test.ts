/**
 * Security defaults, asserted so that a test fails the day one weakens: STRICT mTLS, deny by default,
 * no wildcard principals, strong keys, short leaf lifetimes, PKCS8 everywhere, no key material in
 * the output. Checked on minimal definitions (the defaults alone), the example platform and a fixed
 * sample of random definitions.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { platformDefinition } from '../../apps/platform';
import type { K8sObject } from '../../lib/k8s-object';
import type { SecureMeshProps } from '../../lib/model/definition';
import { SecureMesh } from '../../lib/mesh/secure-mesh';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { arbDefinition } from '../property/arbitraries';
import { authorizationSources, goDurationSeconds, ofKind, PRIVATE_KEY_PEM, spec } from './scan';

process.env.SECURE_MESH_QUIET = '1';

/** 90 days: the longest default lifetime of a workload (leaf) certificate. */
const MAX_DEFAULT_LEAF_SECONDS = 2160 * 3600;

const minimal: SecureMeshProps = {
  namespaces: [{ name: 'shop' }, { name: 'ml', isolation: 'namespace' }],
  workloads: [
    { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }], tls: {} },
    { name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 9000 }], tls: {}, ingress: [{ from: { workload: 'web' } }] },
    { name: 'model', namespace: 'ml', tls: {} },
  ],
};

/** With pki settings left at their defaults (what the defaults promise is about). */
const samples: readonly SecureMeshProps[] = fc.sample(arbDefinition, { numRuns: 40, seed: 7 })
  .map((def) => ({ ...def, workloads: (def.workloads ?? []).map((w, i) => (i % 2 === 0 ? { ...w, tls: {} } : w)) }));

const everyDefinition: readonly [string, SecureMeshProps][] = [
  ['minimal', minimal],
  ['platform example', platformDefinition],
  ...samples.map((d, i) => [`random #${i}`, d] as [string, SecureMeshProps]),
];

const synthesized = new Map<SecureMeshProps, readonly K8sObject[]>();
/** Each definition is synthesized once for all the assertions on it. */
function objectsOf(def: SecureMeshProps): readonly K8sObject[] {
  let objects = synthesized.get(def);
  if (!objects) synthesized.set(def, (objects = synthesizeMesh(def).objects));
  return objects;
}

describe('mutual TLS is STRICT by default', () => {
  const objects = objectsOf(minimal);
  const pas = ofKind(objects, 'PeerAuthentication');

  test('mesh-wide PeerAuthentication `default` in istio-system: STRICT, no selector', () => {
    const mesh = pas.find((o) => o.metadata.namespace === 'istio-system');
    expect(mesh?.metadata.name).toBe('default');
    expect(spec(mesh as K8sObject)).toEqual({ mtls: { mode: 'STRICT' } });
  });

  test('every managed namespace has its own STRICT `default` PeerAuthentication', () => {
    for (const ns of ['shop', 'ml']) {
      const pa = pas.find((o) => o.metadata.namespace === ns && o.metadata.name === 'default');
      expect(spec(pa as K8sObject)).toEqual({ mtls: { mode: 'STRICT' } });
    }
  });

  test('no PERMISSIVE or DISABLE anywhere unless the definition asks for it', () => {
    const modes = pas.flatMap((pa) => [spec(pa).mtls?.mode, ...Object.values(spec(pa).portLevelMtls ?? {}).map((p) => (p as { mode: string }).mode)]);
    expect(modes.filter((m) => m !== 'STRICT')).toEqual([]);
  });

  test('clients send Istio mutual TLS to meshed namespaces', () => {
    for (const dr of ofKind(objects, 'DestinationRule')) expect(spec(dr).trafficPolicy.tls.mode).toBe('ISTIO_MUTUAL');
  });
});

describe('deny by default', () => {
  const objects = objectsOf(minimal);

  test('workload isolation (the default): AuthorizationPolicy `default-deny` is exactly `spec: {}`', () => {
    const ap = ofKind(objects, 'AuthorizationPolicy').find((o) => o.metadata.namespace === 'shop' && o.metadata.name === 'default-deny');
    expect(ap?.spec).toEqual({});
  });

  test('namespace isolation: the only namespace-wide ALLOW admits the namespace itself', () => {
    const aps = ofKind(objects, 'AuthorizationPolicy').filter((o) => o.metadata.namespace === 'ml' && spec(o).selector === undefined);
    expect(aps.map((o) => o.spec)).toEqual([{ action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['ml'] } }] }] }]);
  });

  test.each(['shop', 'ml'])('NetworkPolicy `default-deny` in %s selects every pod for ingress and egress', (ns) => {
    const np = ofKind(objects, 'NetworkPolicy').find((o) => o.metadata.namespace === ns && o.metadata.name === 'default-deny');
    expect(spec(np as K8sObject).podSelector).toEqual({});
    expect(spec(np as K8sObject).policyTypes).toEqual(['Ingress', 'Egress']);
    // Nothing from anywhere: every ingress rule names its peers (no empty `from`, which means all).
    for (const rule of spec(np as K8sObject).ingress ?? []) expect(rule.from?.length).toBeGreaterThan(0);
    for (const rule of spec(np as K8sObject).egress ?? []) expect(rule.to?.length).toBeGreaterThan(0);
  });

  test.each(everyDefinition)('%s: every isolated managed namespace has both deny-by-default policies', (_, def) => {
    const objects = objectsOf(def);
    const meshed = def.istio !== false;
    for (const ns of def.namespaces ?? []) {
      if (ns.managed === false || ns.isolation === 'none') continue;
      if (def.networkPolicies !== false) {
        expect(ofKind(objects, 'NetworkPolicy').some((o) => o.metadata.namespace === ns.name && o.metadata.name === 'default-deny')).toBe(true);
      }
      const hasSidecars = meshed && (ns.sidecarInjection !== false || (def.workloads ?? []).some((w) => w.namespace === ns.name && w.sidecar));
      if (hasSidecars) {
        expect(ofKind(objects, 'AuthorizationPolicy').some((o) => o.metadata.namespace === ns.name && spec(o).selector === undefined)).toBe(true);
      }
    }
  });
});

describe.each(everyDefinition)('%s', (_, def) => {
  const objects = objectsOf(def);

  test('no wildcard principals or namespaces: `*` only in notPrincipals', () => {
    for (const { policy, source } of authorizationSources(objects)) {
      for (const field of ['principals', 'namespaces', 'requestPrincipals']) {
        for (const value of source[field] ?? []) expect({ policy, field, value, wildcard: value.includes('*') }).toEqual({ policy, field, value, wildcard: false });
      }
      for (const value of source.notPrincipals ?? []) expect(value).toBe('*');
    }
    // No ALLOW rule without a source (that would admit everyone).
    for (const ap of ofKind(objects, 'AuthorizationPolicy')) {
      for (const rule of spec(ap).rules ?? []) expect(rule.from?.length).toBeGreaterThan(0);
    }
  });

  test('every Certificate: RSA >= 2048 or ECDSA >= P-256, PKCS8, explicit rotation policy', () => {
    for (const cert of ofKind(objects, 'Certificate')) {
      const key = spec(cert).privateKey;
      if (spec(cert).issuerRef === undefined) continue;
      expect(key).toBeDefined();
      if (key.algorithm === 'RSA') expect(key.size).toBeGreaterThanOrEqual(2048);
      else if (key.algorithm === 'ECDSA') expect(key.size).toBeGreaterThanOrEqual(256);
      else expect(key.algorithm).toBe('Ed25519');
      expect(key.encoding).toBe('PKCS8');
      expect(['Always', 'Never']).toContain(key.rotationPolicy);
    }
  });

  test('no private key material and no Secret data in the output', () => {
    expect(stringify(objects)).not.toMatch(PRIVATE_KEY_PEM);
    for (const secret of ofKind(objects, 'Secret')) {
      expect(secret.data).toBeUndefined();
      expect(secret.stringData).toBeUndefined();
    }
  });
});

describe.each(everyDefinition.filter(([name]) => name !== 'platform example'))('%s (pki defaults)', (_, def) => {
  test('leaf certificates live at most 90 days (2160h) and renew before expiry', () => {
    const leaves = ofKind(objectsOf(def), 'Certificate').filter((c) => spec(c).isCA !== true);
    expect(leaves).toHaveLength((def.workloads ?? []).filter((w) => w.tls).length);
    for (const leaf of leaves) {
      const duration = goDurationSeconds(spec(leaf).duration);
      expect(duration).toBeLessThanOrEqual(MAX_DEFAULT_LEAF_SECONDS);
      expect(goDurationSeconds(spec(leaf).renewBefore)).toBeLessThan(duration);
    }
  });
});

test('the default leaf certificate is ECDSA P-256, PKCS8, rotated on renewal, 2160h', () => {
  const cert = ofKind(objectsOf(minimal), 'Certificate').find((c) => c.metadata.name === 'web-tls');
  expect(spec(cert as K8sObject).privateKey).toEqual({ algorithm: 'ECDSA', size: 256, encoding: 'PKCS8', rotationPolicy: 'Always' });
  expect(goDurationSeconds(spec(cert as K8sObject).duration)).toBe(MAX_DEFAULT_LEAF_SECONDS);
});

test('the synthesized YAML files of the example platform hold no private key material', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-security-defaults-'));
  try {
    const app = Testing.app({ outdir });
    new SecureMesh(new Chart(app, 'platform'), 'mesh', platformDefinition);
    app.synth();
    const files = fs.readdirSync(outdir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = fs.readFileSync(path.join(outdir, f), 'utf8');
      expect(text).toContain('kind: Certificate');
      expect(text).not.toMatch(PRIVATE_KEY_PEM);
      expect(text).not.toMatch(/^kind: Secret$/m);
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
