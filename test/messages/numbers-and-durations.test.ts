/**
 * Issue 12 §6: numbers and durations are refused on the field the user wrote, when the definition is read, showing
 * what the user wrote. Before: `size: 2048.5` surfaced as `Certificate/shop/web-tls: spec.privateKey.size: must be
 * integer` at output validation; `9000000h` (beyond Go's int64 of nanoseconds) was written into Certificates
 * cert-manager cannot read; `0` and `-1h` were reported as `0h`, `1.5h` as `90m`, and an inherited default's problem
 * was reported again on every `workloads[i].tls.*` the user never wrote.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SecureMeshError, type Problem } from '../../lib/model/errors';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { runCliInProcess, tempDir } from '../cli/run-cli';

const shop = { namespaces: [{ name: 'shop' }] };
const web = { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] };

/** The problems of a definition as `synthesizeMesh` (and so `synth`) checks it, integrations included. */
function problemsOf(definition: object): readonly Problem[] {
  try {
    synthesizeMesh(definition);
  } catch (error) {
    if (error instanceof SecureMeshError) return error.problems;
    throw error;
  }
  return [];
}

/** Every integer field of the definition, each with a definition putting `value` there. */
const INTEGER_FIELDS: readonly [string, (value: number) => object][] = [
  ['pki.root.privateKey.size', (v) => ({ ...shop, pki: { root: { type: 'selfSigned', commonName: 'root', privateKey: { algorithm: 'RSA', size: v } } } })],
  ['pki.intermediate.privateKey.size', (v) => ({ ...shop, pki: { intermediate: { privateKey: { algorithm: 'RSA', size: v } } } })],
  ['pki.certificateDefaults.privateKey.size', (v) => ({ ...shop, pki: { certificateDefaults: { privateKey: { algorithm: 'RSA', size: v } } } })],
  ['workloads[0].tls.privateKey.size', (v) => ({ ...shop, workloads: [{ ...web, tls: { privateKey: { algorithm: 'RSA', size: v } } }] })],
  ['workloads[0].ports[0].port', (v) => ({ ...shop, workloads: [{ ...web, ports: [{ name: 'http', port: v }] }] })],
  ['workloads[0].ingress[0].ports[0]', (v) => ({ ...shop, workloads: [{ ...web, ingress: [{ from: { namespace: 'shop' }, ports: [v] }] }] })],
  ['workloads[0].egress[0].ports[0]', (v) => ({ ...shop, workloads: [{ ...web, egress: [{ to: { cidr: '10.0.0.0/8' }, ports: [v] }] }] })],
  ['modelmesh.etcd.port', (v) => ({ ...shop, istio: false, modelmesh: { etcd: { cidrs: ['10.0.0.0/24'], port: v } } })],
  ['modelmesh.storage[0].ports[0]', (v) => ({ ...shop, istio: false, modelmesh: { etcd: { cidrs: ['10.0.0.0/24'] }, storage: [{ cidr: '10.1.0.0/24', ports: [v] }] } })],
  ['kserve.inferenceServices[0].minReplicas', (v) => ({ ...shop, kserve: { inferenceServices: [{ name: 'model', namespace: 'shop', minReplicas: v }] } })],
];

describe('integer fields', () => {
  it.each(INTEGER_FIELDS)('%s: a fraction or an infinity is refused on the field', (field, definition) => {
    for (const [value, shown] of [[2048.5, '2048.5'], [Infinity, 'Infinity'], [NaN, 'NaN']] as const) {
      const problems = problemsOf(definition(value));
      expect(problems).toContainEqual({ path: field, message: `must be an integer (got number ${shown})` });
    }
  });

  it.each(INTEGER_FIELDS.filter(([field]) => /port/.test(field)))('%s: out of 1-65535 is refused on the field, once', (field, definition) => {
    // Before, modelmesh ports were reported on the workloads the section expands into (`workloads[1].egress[1].ports[0]`).
    for (const value of [0, 65536, -1]) {
      expect(problemsOf(definition(value))).toEqual([{ path: field, message: `${value} is not a port number (1-65535)` }]);
    }
  });

  it('synth names the mesh file line of `size: 2048.5`, not a generated Certificate', async () => {
    const dir = tempDir('numbers');
    try {
      const file = path.join(dir, 'mesh.yaml');
      fs.writeFileSync(file, `apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nmetadata: { name: shop }\nspec:\n  pki:\n    certificateDefaults:\n      privateKey: { algorithm: RSA, size: 2048.5 }\n  namespaces: [{ name: shop }]\n  workloads:\n    - { name: web, namespace: shop, ports: [{ name: http, port: 8080 }], tls: {} }\n`);
      const result = await runCliInProcess(['synth', file, '-o', path.join(dir, 'out')], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('mesh.yaml:7:37: spec.pki.certificateDefaults.privateKey.size: must be an integer (got number 2048.5)');
      expect(result.stderr).not.toMatch(/Certificate\//);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every duration field of the definition, each with a definition putting `text` there. */
const DURATION_FIELDS: readonly [string, (text: string) => object][] = [
  ['pki.root.duration', (t) => ({ ...shop, pki: { root: { type: 'selfSigned', commonName: 'root', duration: t } } })],
  ['pki.root.renewBefore', (t) => ({ ...shop, pki: { root: { type: 'selfSigned', commonName: 'root', renewBefore: t } } })],
  ['pki.intermediate.duration', (t) => ({ ...shop, pki: { intermediate: { duration: t } } })],
  ['pki.intermediate.renewBefore', (t) => ({ ...shop, pki: { intermediate: { renewBefore: t } } })],
  ['pki.certificateDefaults.duration', (t) => ({ ...shop, pki: { certificateDefaults: { duration: t } } })],
  ['pki.certificateDefaults.renewBefore', (t) => ({ ...shop, pki: { certificateDefaults: { renewBefore: t } } })],
  ['workloads[0].tls.duration', (t) => ({ ...shop, workloads: [{ ...web, tls: { duration: t } }] })],
  ['workloads[0].tls.renewBefore', (t) => ({ ...shop, workloads: [{ ...web, tls: { renewBefore: t } }] })],
  ['monitoring.certificateAlerts.expiringWithin', (t) => ({ ...shop, monitoring: { certificateAlerts: { expiringWithin: t } } })],
  ['monitoring.certificateAlerts.notReadyFor', (t) => ({ ...shop, monitoring: { certificateAlerts: { notReadyFor: t } } })],
  ['mayastor.caDuration', (t) => ({ ...shop, istio: false, mayastor: { tls: true, caDuration: t } })],
];

describe('duration fields', () => {
  it.each(DURATION_FIELDS)('%s: beyond Go\'s int64 nanoseconds, zero or negative is refused on the field, as written', (field, definition) => {
    // 2562048h is one hour past the longest Go duration; time.ParseDuration refuses it ("invalid duration").
    for (const text of ['2562048h', '9000000h', '1000000000000000000000000h']) {
      const problems = problemsOf(definition(text));
      expect(problems).toContainEqual({ path: field, message: `"${text}" is longer than a Go duration can hold (at most 2562047h, about 292 years), so cert-manager and Prometheus cannot read it` });
    }
    for (const text of ['0', '0s', '-1h', '-0.5h']) {
      expect(problemsOf(definition(text))).toContainEqual({ path: field, message: `"${text}" must be longer than zero` });
    }
    expect(problemsOf(definition('1e24h'))).toContainEqual({ path: field, message: '"1e24h" is not a duration; use hours, minutes or seconds, e.g. "2160h", "90m", "1h30m"' });
    // Nothing reported on a field the user did not write.
    for (const text of ['9000000h', '0', '-1h']) {
      expect(problemsOf(definition(text)).map((p) => p.path).filter((p) => p !== field)).toEqual([]);
    }
  });

  it('reports an inherited default once, where it is written, as written', () => {
    const problems = problemsOf({ ...shop, pki: { certificateDefaults: { duration: '1.5h' } }, workloads: [{ ...web, tls: {} }, { ...web, name: 'api', tls: {} }] });
    expect(problems).toEqual([{
      path: 'pki.certificateDefaults.duration',
      message: '"1.5h" must be longer than renewBefore 360h (default of pki.certificateDefaults.renewBefore); lengthen it or set a shorter renewBefore (cert-manager would ignore it and renew at 2/3 of the lifetime)',
    }]);
  });

  it('reports a workload duration that breaks an inherited renewBefore on the workload field it wrote', () => {
    const problems = problemsOf({ ...shop, pki: { certificateDefaults: { renewBefore: '48h' } }, workloads: [{ ...web, tls: { duration: '24h' } }] });
    expect(problems).toEqual([{
      path: 'workloads[0].tls.duration',
      message: '"24h" must be longer than renewBefore 48h (pki.certificateDefaults.renewBefore); lengthen it or set a shorter renewBefore (cert-manager would ignore it and renew at 2/3 of the lifetime)',
    }]);
  });

  it('reports a CA shortened below a default lifetime on the CA field written', () => {
    expect(problemsOf({ ...shop, pki: { intermediate: { duration: '1000h' } }, workloads: [{ ...web, tls: {} }] })).toEqual([{
      path: 'pki.intermediate.duration',
      message: '"1000h" is shorter than the certificates it signs, 2160h (default of pki.certificateDefaults.duration); a certificate must not outlive its issuer',
    }]);
  });

  it('synth locates an integration section\'s duration in the mesh file', async () => {
    const dir = tempDir('durations');
    try {
      const file = path.join(dir, 'mesh.yaml');
      fs.writeFileSync(file, `apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nmetadata: { name: shop }\nspec:\n  istio: false\n  mayastor:\n    tls: true\n    caDuration: 9000000h\n  namespaces: [{ name: shop }]\n`);
      const result = await runCliInProcess(['synth', file, '-o', path.join(dir, 'out')], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('mesh.yaml:8:5: spec.mayastor.caDuration: "9000000h" is longer than a Go duration can hold');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('durations in the objects', () => {
  it('writes a fractional notReadyFor as Prometheus reads `for:` (whole milliseconds, no fractions)', () => {
    const { objects } = synthesizeMesh({ ...shop, monitoring: { certificateAlerts: { notReadyFor: '1.5s' } } });
    const rule = objects.find((o) => o.kind === 'PrometheusRule') as unknown as { spec: { groups: { rules: { alert: string; for: string }[] }[] } };
    const failing = rule.spec.groups[0].rules.find((r) => r.alert === 'CertificateRenewalFailed');
    // Before: `1.5s`, which Prometheus refuses ("not a valid duration string"), failing the whole rule group.
    expect(failing?.for).toBe('1500ms');
    expect(failing?.for).toMatch(/^(\d+(y|w|d|h|m|s|ms))+$/);
  });
});
