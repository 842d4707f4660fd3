/**
 * `rollout plan`: from audit to enforce, namespace by namespace. Over random definitions (some namespaces already in
 * audit or enforce): every step synthesizes into schema-valid objects; the first refuses nothing anywhere (every
 * managed namespace in audit); each next step enforces exactly one more namespace and leaves the others as they
 * were; the last step is the definition with every namespace enforced.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { renderRolloutPlan, rolloutPlan } from '../../lib/rollout';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { validateObjects } from '../../lib/checks/schema';
import { SecureMeshError, type SecureMeshProps } from '../../lib';
import { smallMesh } from '../helpers/definitions';
import { arbStagedCase, enforcedEverywhere } from '../property/enforcement-arbitraries';
import { fcParams, propertyTimeout } from '../property/runs';
import { REPO, runCliInProcess, tempDir } from '../cli/run-cli';

process.env.SECURE_MESH_QUIET = '1';

/** The enforcement each managed namespace resolves to in a definition, read from the resolved model. */
function modes(def: SecureMeshProps): Map<string, string> {
  return new Map(synthesizeMesh(def).mesh.namespaces.filter((n) => n.managed).map((n) => [n.name, n.enforcement]));
}

function checkPlan(def: SecureMeshProps): void {
  const steps = rolloutPlan(def);
  const managed = (def.namespaces ?? []).filter((n) => n.managed !== false).map((n) => n.name);
  expect(steps.map((s) => s.number)).toEqual(steps.map((_s, i) => i + 1));
  // Every step synthesizes into objects that pass the strict schema validation.
  for (const step of steps) {
    const { objects } = synthesizeMesh(step.definition);
    expect(validateObjects(objects)).toEqual([]);
    expect(step.objects).toBe(objects.length);
  }
  // First: everything in audit.
  expect([...modes(steps[0].definition).values()].every((m) => m === 'audit')).toBe(true);
  expect(steps[0].enforces).toEqual([]);
  // Namespace by namespace: each step enforces the namespaces it names, and changes no other namespace's mode.
  for (let i = 1; i < steps.length; i++) {
    const before = modes(steps[i - 1].definition);
    const after = modes(steps[i].definition);
    const switched = [...after].filter(([name, m]) => m === 'enforce' && before.get(name) === 'audit').map(([name]) => name);
    expect([...after].filter(([name, m]) => m === 'audit' && before.get(name) === 'enforce')).toEqual([]);
    const isLast = i === steps.length - 1;
    if (!isLast) expect(switched).toEqual(steps[i].enforces);
    if (!isLast) expect(switched.length).toBe(1);
  }
  // Each declared managed namespace has its own step, exactly once.
  expect(steps.slice(1).flatMap((s) => s.enforces.filter((n) => managed.includes(n))).sort()).toEqual([...managed].sort());
  // Last: the definition with every namespace enforced, objects and all.
  const last = steps[steps.length - 1];
  expect(last.definition).toEqual(enforcedEverywhere(def));
  expect(synthesizeMesh(last.definition).objects).toEqual(synthesizeMesh(enforcedEverywhere(def)).objects);
}

describe('rollout plan', () => {
  test('random definitions: the steps synthesize, start in audit, enforce one namespace at a time, end enforced', () => {
    fc.assert(fc.property(arbStagedCase, (c) => { checkPlan(c.def); }), fcParams(40));
  }, propertyTimeout(40));

  test('a namespace already enforced goes first; --order puts the named ones first; an unknown name is refused', () => {
    const def = smallMesh({ enforcement: 'audit', namespaces: [{ name: 'shop' }, { name: 'pay', enforcement: 'enforce' }, { name: 'legacy', managed: false }] });
    expect(rolloutPlan(def).map((s) => s.title)).toEqual(['Audit everything', 'Enforce namespace "pay"', 'Enforce namespace "shop"', 'Enforce the mesh-wide defaults']);
    expect(rolloutPlan(def, { order: ['shop'] }).map((s) => s.enforces)).toEqual([[], ['shop'], ['pay'], []]);
    expect(() => rolloutPlan(def, { order: ['shpo'] })).toThrow(SecureMeshError);
    expect(() => rolloutPlan(def, { order: ['legacy'] })).toThrow(/"legacy" is not a managed namespace/);
  });

  test('each namespace step says what to watch: dry-run denials, plaintext callers, the traffic diff of its own file', () => {
    const steps = rolloutPlan(smallMesh());
    const pay = steps.find((s) => s.enforces.includes('pay'))!;
    expect(pay.watch.join('\n')).toContain('authz_dry_run_result="denied", namespace="pay"');
    expect(pay.watch.join('\n')).toContain('connection_security_policy!="mutual_tls"');
    expect(pay.watch.join('\n')).toContain(`secure-mesh diff ${pay.file} --traffic`);
    // Enforcing pay narrows the egress of already enforced namespaces towards it.
    const shopFirst = rolloutPlan(smallMesh(), { order: ['shop', 'pay'] });
    expect(shopFirst[2].changes.changed).toContain('NetworkPolicy/shop/default-deny');
  });

  test('the text says to delete what a step removes (kubectl apply does not), and only then', () => {
    const text = renderRolloutPlan(rolloutPlan(smallMesh()), 'text');
    const [step1, step2] = text.split(/^Step \d+: /m).slice(1);
    expect(step1).toMatch(/^ {4}- NetworkPolicy\/shop\/default-deny$/m);
    expect(step1).toContain('Delete the removed objects if they were applied before');
    expect(step2).not.toContain('Delete the removed objects');
  });

  test('a step that would change nothing on its own is folded into the one before', () => {
    // Without Istio there is no mesh-wide PeerAuthentication: the last namespace step is already the enforced definition.
    const steps = rolloutPlan(smallMesh({ istio: false, workloads: smallMesh().workloads!.map((w) => ({ ...w, ingress: undefined })) }));
    expect(steps.map((s) => s.title)).toEqual(['Audit everything', 'Enforce namespace "shop"', 'Enforce namespace "pay" and the mesh-wide defaults']);
    expect(steps[2].file).toBe('step-03-enforce-mesh.yaml');
  });
});

describe('secure-mesh rollout plan -o', () => {
  test('an --order naming no managed namespace is a usage error (exit 2), and nothing is written', async () => {
    const dir = tempDir('rollout-order');
    try {
      fs.copyFileSync(path.join(REPO, 'examples', 'platform.yaml'), path.join(dir, 'platform.yaml'));
      const result = await runCliInProcess(['rollout', 'plan', 'platform.yaml', '-o', 'steps', '--order', 'orders,ordres'], dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--order: "ordres" is not a managed namespace of platform.yaml');
      expect(fs.existsSync(path.join(dir, 'steps'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('writes one mesh file per step, each synthesizing with the CLI, the schema modeline re-pointed', async () => {
    const dir = tempDir('rollout');
    try {
      fs.copyFileSync(path.join(REPO, 'examples', 'platform.yaml'), path.join(dir, 'platform.yaml'));
      const result = await runCliInProcess(['rollout', 'plan', 'platform.yaml', '-o', 'steps', '--format', 'json'], dir);
      expect(result.code).toBe(0);
      const steps = JSON.parse(result.stdout) as { number: number; file: string; definition: unknown }[];
      const files = fs.readdirSync(path.join(dir, 'steps')).filter((f) => f.endsWith('.yaml'));
      expect(files).toEqual(steps.map((s) => s.file));
      expect(files[0]).toBe('step-01-audit.yaml');
      for (const step of steps) {
        const text = fs.readFileSync(path.join(dir, 'steps', step.file), 'utf8');
        // examples/platform.yaml points at ../schemas/…; from steps/ that is ../../schemas/….
        expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/secure-mesh.schema.json');
        expect(parse(text).spec).toEqual(step.definition);
        const synth = await runCliInProcess(['synth', path.join('steps', step.file), '-o', `out-${step.number}`], dir);
        expect(synth.code).toBe(0);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
