/**
 * Issue 12 §6: refusals found on our own output are told in definition terms. Before, a workload with
 * `sidecar: false` in a STRICT namespace was refused as `[SM-IS-009] DestinationRule/shop/job … set mode
 * ISTIO_MUTUAL`: an object the user never wrote and advice no definition can follow. Now the refusal names the
 * definition field (located in the mesh file for the CLI) and the change to make there, and the advice is checked by
 * applying it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { objectRef } from '../../lib/k8s-object';
import type { SecureMeshProps } from '../../lib/model/definition';
import { SecureMesh } from '../../lib/mesh/secure-mesh';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import * as fc from 'fast-check';
import { runPack } from '../../lib/checks/engine';
import { findingInDefinitionTerms, violationInDefinitionTerms } from '../../lib/mesh/definition-findings';
import { arbDefinition } from '../property/arbitraries';
import { loadMeshFile } from '../../lib/model/mesh-file-loader';
import { runCliInProcess, tempDir } from '../cli/run-cli';

const web = { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] };
const job = { name: 'job', namespace: 'shop', ports: [{ name: 'http', port: 9000 }], ingress: [{ from: { workload: 'web' } }] };

/** The error `Testing.synth` raises for a definition, or undefined when it synthesizes. */
function synthError(definition: SecureMeshProps): string | undefined {
  const quiet = process.env.SECURE_MESH_QUIET;
  process.env.SECURE_MESH_QUIET = '1';
  const outdir = tempDir('definition-findings');
  try {
    const chart = new Chart(Testing.app({ outdir }), 'shop');
    new SecureMesh(chart, 'mesh', definition);
    Testing.synth(chart);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    if (quiet === undefined) delete process.env.SECURE_MESH_QUIET;
    else process.env.SECURE_MESH_QUIET = quiet;
  }
}

describe('SM-IS-009 on our own output, in definition terms', () => {
  it('synth names the workload with sidecar: false, its line, and the fix', async () => {
    const dir = tempDir('definition-findings');
    try {
      const file = path.join(dir, 'mesh.yaml');
      fs.writeFileSync(file, `apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\nmetadata: { name: shop }\nspec:\n  namespaces: [{ name: shop }]\n  workloads:\n    - { name: web, namespace: shop, ports: [{ name: http, port: 8080 }] }\n    - { name: job, namespace: shop, sidecar: false, ports: [{ name: http, port: 9000 }], ingress: [{ from: { workload: web } }] }\n`);
      const result = await runCliInProcess(['synth', file, '-o', path.join(dir, 'out')], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`[shop/mesh] [SM-IS-009] ${file}:8:7: spec.workloads[1] (name "job", namespace "shop"): the workload runs without a sidecar (sidecar: false) in namespace "shop" (spec.namespaces[0]), whose mTLS mode is STRICT`);
      expect(result.stderr).toContain('remove sidecar: false so it joins the mesh, or set mtls: PERMISSIVE on namespace "shop" (spec.namespaces[0])');
      // The object-level finding stays, as evidence, after the definition's field.
      expect(result.stderr).toMatch(/\n {6}found on the generated DestinationRule\/shop\/job: trafficPolicy\.tls sets DISABLE/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the construct names the field too, and each fix it offers synthesizes', () => {
    const definition: SecureMeshProps = { name: 'shop', namespaces: [{ name: 'shop' }], workloads: [web, { ...job, sidecar: false }] };
    expect(synthError(definition)).toContain('[SM-IS-009] workloads[1] (name "job", namespace "shop"): the workload runs without a sidecar (sidecar: false)');
    // "remove sidecar: false"
    expect(synthError({ ...definition, workloads: [web, job] })).toBeUndefined();
    // "set mtls: PERMISSIVE on namespace "shop""
    expect(synthError({ ...definition, namespaces: [{ name: 'shop', mtls: 'PERMISSIVE' }] })).toBeUndefined();
  });

  it('names hostNetwork: true as the cause when it is', () => {
    const definition: SecureMeshProps = { name: 'shop', namespaces: [{ name: 'shop' }], workloads: [web, { ...job, hostNetwork: true }] };
    expect(synthError(definition)).toContain('[SM-IS-009] workloads[1] (name "job", namespace "shop"): the workload runs on the host network (hostNetwork: true), so it has no sidecar');
    expect(synthError({ ...definition, namespaces: [{ name: 'shop', mtls: 'PERMISSIVE' }] })).toBeUndefined();
  });

  it('names a namespace without sidecars under STRICT, and its fixes synthesize', () => {
    const definition: SecureMeshProps = { name: 'shop', namespaces: [{ name: 'shop', sidecarInjection: false }], workloads: [web] };
    expect(synthError(definition)).toContain('[SM-IS-009] namespaces[0] (name "shop"): the namespace has no sidecars (sidecarInjection: false) but its mTLS mode is STRICT');
    expect(synthError({ ...definition, namespaces: [{ name: 'shop', sidecarInjection: false, mtls: 'PERMISSIVE' }] })).toBeUndefined();
    expect(synthError({ ...definition, namespaces: [{ name: 'shop', sidecarInjection: false, mtls: 'DISABLE' }] })).toBeUndefined();
    expect(synthError({ ...definition, namespaces: [{ name: 'shop', sidecarInjection: true }] })).toBeUndefined();
  });
});

describe('every emitted object knows its definition field', () => {
  const examples = path.join(__dirname, '..', '..', 'examples');
  it.each(fs.readdirSync(examples).filter((f) => f.endsWith('.yaml')))('%s', (file) => {
    const loaded = loadMeshFile(path.join(examples, file));
    const { objects, origins } = synthesizeMesh(loaded.content.spec);
    for (const o of objects) {
      const origin = origins.get(objectRef(o));
      expect(origin).toBeDefined();
      // A path into the definition as written points at a node of the file.
      if (origin?.written && origin.path !== 'pki' && origin.path !== 'istio' && origin.path !== 'monitoring') {
        expect(loaded.locate(`spec.${origin.path}`)).toBeDefined();
      }
    }
  });

  it('a schema violation of a workload\'s Certificate names the workload', () => {
    const { origins } = synthesizeMesh({ namespaces: [{ name: 'shop' }], workloads: [web, { ...web, name: 'api', tls: {} }] });
    const line = violationInDefinitionTerms({ object: 'Certificate/shop/api-tls', path: 'spec.privateKey.size', message: 'spec.privateKey.size: must be integer', kind: 'schema' } as never, origins);
    expect(line).toBe('Certificate/shop/api-tls: spec.privateKey.size: must be integer\n      definition field: workloads[1] (name "api", namespace "shop")');
  });

  it('objects of an InferenceService\'s workload name the InferenceService in the file', () => {
    const loaded = loadMeshFile(path.join(examples, 'kserve.yaml'));
    const { objects, origins } = synthesizeMesh(loaded.content.spec);
    const fromIsvc = objects.map((o) => origins.get(objectRef(o))).filter((o) => o?.path.startsWith('kserve.inferenceServices['));
    expect(fromIsvc.length).toBeGreaterThan(0);
    for (const origin of fromIsvc) {
      expect(origin?.path).toMatch(/^kserve\.inferenceServices\[\d+\]$/);
      expect(loaded.locate(`spec.${origin?.path}`)).toBeDefined();
    }
  });

  it('objects of an integration section are attributed to it', () => {
    const { objects, origins } = synthesizeMesh({ istio: false, namespaces: [{ name: 'shop' }], mayastor: { tls: true } });
    const mayastor = objects.filter((o) => o.metadata.namespace === 'mayastor');
    expect(mayastor.length).toBeGreaterThan(0);
    for (const o of mayastor) expect(origins.get(objectRef(o))?.path).toBe('mayastor');
  });
});

describe('the whole class: every refusal of our own output gives definition-level advice', () => {
  // The property arbitraries draw definitions across namespaces, sidecars, mTLS modes and rules; SM-IS-009 is the
  // only error rule they make our output break (measured over 1,500 samples), and each such finding must say what to
  // change in the definition, not only in the object.
  it('over random definitions', () => {
    let refusals = 0;
    fc.assert(fc.property(arbDefinition, (def) => {
      const { mesh, objects, origins } = synthesizeMesh(def);
      for (const f of runPack(objects, { rootNamespace: mesh.istio ? mesh.istio.rootNamespace : undefined })) {
        if (f.severity !== 'error') continue;
        refusals++;
        const line = findingInDefinitionTerms(f, origins);
        expect(line).toMatch(/^\[SM-[A-Z]+-\d+\] (workloads|namespaces)\[\d+\] \(name "[^"]+"(, namespace "[^"]+")?\): .+\n {6}found on the generated /);
      }
    }), { numRuns: 150, seed: 12 });
    expect(refusals).toBeGreaterThan(0);
  });

  it('an integration\'s namespace without sidecars under STRICT gets advice that synthesizes', () => {
    const definition: SecureMeshProps = { name: 'shop', namespaces: [{ name: 'shop' }], mayastor: { tls: true } };
    expect(synthError(definition)).toContain('[SM-IS-009] mayastor (namespace "mayastor" it declares, added by that integration section): it runs without sidecars in namespace "mayastor", whose mTLS mode is STRICT');
    expect(synthError({ ...definition, namespaces: [{ name: 'shop' }, { name: 'mayastor', sidecarInjection: false, mtls: 'PERMISSIVE' }] })).toBeUndefined();
  });
});
