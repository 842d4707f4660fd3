import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { SecureMesh } from '../../lib/mesh/secure-mesh';
import { Suppressions } from '../../lib/checks/suppressions';
import { SecureMeshError } from '../../lib/model/errors';
import type { SecureMeshProps } from '../../lib/model/definition';

const definition: SecureMeshProps = {
  name: 'shop',
  istio: { rootNamespace: 'istio-system', mtls: 'STRICT' },
  namespaces: [{ name: 'shop' }],
  workloads: [{ name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] }],
} as SecureMeshProps;

describe('the rule pack in synthesis', () => {
  let outdir: string;
  let quiet: string | undefined;
  beforeEach(() => {
    outdir = mkdtempSync(path.join(tmpdir(), 'sm-synth-'));
    quiet = process.env.SECURE_MESH_QUIET;
    process.env.SECURE_MESH_QUIET = '1';
  });
  afterEach(() => {
    rmSync(outdir, { recursive: true, force: true });
    if (quiet === undefined) delete process.env.SECURE_MESH_QUIET;
    else process.env.SECURE_MESH_QUIET = quiet;
  });

  function chartWithBadDr(): { chart: Chart; dr: ApiObject; mesh: SecureMesh } {
    const app = Testing.app({ outdir });
    const chart = new Chart(app, 'c');
    const mesh = new SecureMesh(chart, 'mesh', definition);
    // A user-added object next to the mesh: plaintext to a STRICT namespace.
    const dr = new ApiObject(chart, 'legacy', {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule',
      metadata: { name: 'legacy', namespace: 'shop' },
      spec: { host: 'legacy.shop.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } },
    });
    return { chart, dr, mesh };
  }

  it('synthesizes the mesh alone without findings', () => {
    const app = Testing.app({ outdir });
    const chart = new Chart(app, 'c');
    new SecureMesh(chart, 'mesh', definition);
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  it('fails Testing.synth with the rule ID and the objects when a user object breaks a rule', () => {
    const { chart } = chartWithBadDr();
    expect(() => Testing.synth(chart)).toThrow(/\[SM-IS-009\] DestinationRule\/shop\/legacy: .*PeerAuthentication\/shop\/default/);
  });

  it('honours a suppression with a reason and shows it in the manifest', () => {
    const { chart, dr } = chartWithBadDr();
    Suppressions.add(dr, { id: 'SM-IS-009', reason: 'legacy speaks its own TLS until PLAT-123' });
    const out = Testing.synth(chart);
    const synthesized = out.find((o) => o.metadata.name === 'legacy');
    expect(synthesized.metadata.annotations['secure-mesh.io/suppressions']).toBe('SM-IS-009: legacy speaks its own TLS until PLAT-123');
  });

  it('SecureMesh.suppress targets an emitted object by reference', () => {
    const app = Testing.app({ outdir });
    const chart = new Chart(app, 'c');
    const mesh = new SecureMesh(chart, 'mesh', definition);
    mesh.suppress('SM-IS-009', 'PeerAuthentication/shop/default', 'reviewed: plaintext to legacy is intended');
    const pa = Testing.synth(chart).find((o) => o.kind === 'PeerAuthentication' && o.metadata.namespace === 'shop');
    expect(pa.metadata.annotations['secure-mesh.io/suppressions']).toMatch(/^SM-IS-009: reviewed/);
    expect(() => mesh.suppress('SM-IS-009', 'PeerAuthentication/nowhere/x', 'reviewed: a long enough reason')).toThrow(/no emitted object/);
  });

  it('rejects a suppression without a real reason', () => {
    const { dr } = chartWithBadDr();
    expect(() => Suppressions.add(dr, { id: 'SM-IS-009', reason: 'ok' })).toThrow(SecureMeshError);
    expect(() => Suppressions.add(dr, { id: 'SM-IS-009', reason: 'ok' })).toThrow(/at least 10 characters/);
  });

  it('prints each warning once per process, however many validation passes and meshes report it', () => {
    delete process.env.SECURE_MESH_QUIET;
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (const name of ['one', 'two']) {
        const chart = new Chart(Testing.app({ outdir }), name);
        new SecureMesh(chart, 'mesh', definition);
        new ApiObject(chart, 'deny', {
          apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny-once', namespace: 'shop' },
          spec: { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] },
        });
        Testing.synth(chart);
        Testing.synth(chart);
      }
      const printed = write.mock.calls.map((c) => String(c[0])).join('');
      expect(printed.match(/warning: \[SM-IS-104\] AuthorizationPolicy\/shop\/deny-once/g)).toHaveLength(1);
    } finally {
      write.mockRestore();
    }
  });

  it('prints warnings on stderr unless SECURE_MESH_QUIET is set', () => {
    delete process.env.SECURE_MESH_QUIET;
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const app = Testing.app({ outdir });
      const chart = new Chart(app, 'c');
      new SecureMesh(chart, 'mesh', definition);
      new ApiObject(chart, 'deny', {
        apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny-admin', namespace: 'shop' },
        spec: { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] },
      });
      Testing.synth(chart);
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/warning: \[SM-IS-104\] AuthorizationPolicy\/shop\/deny-admin/);
    } finally {
      write.mockRestore();
    }
  });
});
