/**
 * Issue 12 §6: a huge value in a definition gives a short error. A 50 MB workload name produced 157 MB of output
 * (the name echoed in full, and again for its derived selector and service account); every message, path and
 * finding now shows at most ECHO_LIMIT characters of a value and its length (lib/model/echo.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { capEchoes, ECHO_LIMIT, MESSAGE_LIMIT } from '../../lib/model/echo';
import { SecureMeshError } from '../../lib/model/errors';
import { resolveMesh } from '../../lib/model/resolve';
import { runCliInProcess, tempDir } from '../cli/run-cli';

const HUGE = 1024 * 1024;

function errorOf(f: () => unknown): SecureMeshError {
  try {
    f();
  } catch (error) {
    if (error instanceof SecureMeshError) return error;
    throw error;
  }
  throw new Error('expected a SecureMeshError');
}

describe('echoed values are capped', () => {
  it('reports a 1 MB workload name once, on the name, in a few hundred bytes', () => {
    const name = 'a'.repeat(HUGE);
    const error = errorOf(() => resolveMesh({ namespaces: [{ name: 'shop' }], workloads: [{ name, namespace: 'shop' }] }));
    // Before: three problems (name, derived selector.app, derived serviceAccount), each with the whole name: 3 MB.
    expect(error.problems.map((p) => p.path)).toEqual(['workloads[0].name']);
    expect(error.message.length).toBeLessThan(500);
    expect(error.message).toContain(`"${'a'.repeat(ECHO_LIMIT)}…" (${HUGE} characters) is longer than 63 characters`);
  });

  it('caps a long label key in the field path and the message', () => {
    const key = `k${'x'.repeat(HUGE)}`;
    const error = errorOf(() => resolveMesh({ namespaces: [{ name: 'shop', labels: { [key]: 'v' } }] }));
    expect(error.message.length).toBeLessThan(1000);
    expect(error.message).toContain(`(${key.length} characters)`);
  });

  it('synth on a mesh file with a 1 MB name writes a short error and nothing else', async () => {
    const dir = tempDir('echo');
    try {
      const file = path.join(dir, 'mesh.yaml');
      fs.writeFileSync(file, `apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nmetadata: { name: shop }\nspec:\n  namespaces: [{ name: shop }]\n  workloads:\n    - { name: ${'b'.repeat(HUGE)}, namespace: shop, ports: [{ name: http, port: 8080 }] }\n`);
      const result = await runCliInProcess(['synth', file, '-o', path.join(dir, 'out')], dir);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.length).toBeLessThan(1000);
      expect(result.stderr).toMatch(/mesh\.yaml:7:\d+: spec\.workloads\[0\]\.name: "b{64}…" \(1048576 characters\) is longer than 63 characters/);
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validate on hand-written manifests with a 1 MB name writes short findings in every format', async () => {
    const dir = tempDir('echo-validate');
    try {
      const file = path.join(dir, 'manifests.yaml');
      const name = 'c'.repeat(HUGE);
      fs.writeFileSync(file, `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: ${name}, namespace: shop }\nspec: { host: ${name}.shop.svc.cluster.local, trafficPolicy: { tls: { mode: DISABLE } } }\n---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: default, namespace: shop }\nspec: { mtls: { mode: STRICT } }\n`);
      // The same manifests with a short name: what the output costs without the echo (SARIF carries every rule's
      // metadata, which grows with the rule pack, so the bound is on the difference the long name makes).
      const short = path.join(dir, 'short.yaml');
      fs.writeFileSync(short, fs.readFileSync(file, 'utf8').split(name).join('web'));
      // Before: 2 MB (text), 5 MB (json), 9.5 MB (sarif) more than with a short name.
      for (const [format, limit] of [['text', 2_000], ['json', 5_000], ['sarif', 5_000]] as const) {
        const result = await runCliInProcess(['validate', file, '--format', format], dir);
        const baseline = await runCliInProcess(['validate', short, '--format', format], dir);
        expect(result.code).toBe(1);
        expect(result.stdout.length + result.stderr.length - (baseline.stdout.length + baseline.stderr.length)).toBeLessThan(limit);
        expect(result.stdout).toContain('SM-IS-009');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves ordinary messages alone and is idempotent', () => {
    const ordinary = 'spec.workloads[0].name: "Web" is not a valid name: use lower-case letters, digits and "-", starting and ending with a letter or digit (DNS-1123 label)';
    expect(capEchoes(ordinary)).toBe(ordinary);
    const long = `"${'c'.repeat(200)}" and ${'d'.repeat(300)} and "${'e'.repeat(65)}"`;
    const capped = capEchoes(long);
    expect(capped).toBe(`"${'c'.repeat(64)}…" (200 characters) and ${'d'.repeat(64)}… (300 characters) and "${'e'.repeat(65)}"`);
    expect(capEchoes(capped)).toBe(capped);
    const flood = Array.from({ length: 2000 }, (_, i) => `"v${i}"`).join(', ');
    expect(capEchoes(flood).length).toBeLessThan(MESSAGE_LIMIT + 100);
    expect(capEchoes(capEchoes(flood))).toBe(capEchoes(flood));
  });
});
