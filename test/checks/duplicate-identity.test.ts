/**
 * SM-KA-003 over several files, as `secure-mesh validate` reads them: `kubectl apply -f dir/` keeps the last object of
 * each identity wherever it is, so a duplicate across files counts, and both places are named.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { validateManifestPaths } from '../../lib/checks/validate-command';

const pa = (mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: ${mode}
`;

describe('SM-KA-003 across files', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'sm-duplicates-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names both files when two meshes\' mesh-wide PeerAuthentications differ', async () => {
    writeFileSync(path.join(dir, 'a.k8s.yaml'), pa('STRICT'));
    writeFileSync(path.join(dir, 'b.k8s.yaml'), `# another mesh\n${pa('DISABLE')}`);
    const r = await validateManifestPaths([dir], { format: 'text', failOn: 'error', color: false });
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain(`${path.join(dir, 'b.k8s.yaml')}:2  PeerAuthentication/istio-system/default`);
    expect(r.output).toMatch(/SM-KA-003 +has the identity of an earlier PeerAuthentication\/istio-system\/default with different content \(spec\.mtls\.mode \("STRICT" vs "DISABLE"\)\)/);
    expect(r.output).toContain(`(PeerAuthentication/istio-system/default at ${path.join(dir, 'a.k8s.yaml')}:1)`);
  });

  it('leaves identical copies alone (each chart of an app may carry the same mesh-wide policy)', async () => {
    writeFileSync(path.join(dir, 'a.k8s.yaml'), pa('STRICT'));
    writeFileSync(path.join(dir, 'b.k8s.yaml'), pa('STRICT'));
    const r = await validateManifestPaths([dir], { format: 'json', failOn: 'error', color: false });
    expect(r.output).not.toContain('SM-KA-003');
    // The rules judge what the cluster holds: one PeerAuthentication, not a "second mesh-level" one (SM-IS-026).
    expect(r.output).not.toContain('SM-IS-026');
    expect(r.exitCode).toBe(0);
  });

  it('judges the rest of the pack on the copy kubectl keeps (the last)', async () => {
    const withPortLevel = pa('PERMISSIVE').replace('mode: PERMISSIVE', 'mode: STRICT\n  portLevelMtls:\n    "8080": { mode: PERMISSIVE }');
    const idsOf = async (): Promise<string[]> => (JSON.parse((await validateManifestPaths([dir], { format: 'json', failOn: 'error', color: false })).output) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    // portLevelMtls without a selector (SM-IS-008a) on the copy that stays is reported...
    writeFileSync(path.join(dir, 'a.k8s.yaml'), pa('STRICT'));
    writeFileSync(path.join(dir, 'b.k8s.yaml'), withPortLevel);
    expect(await idsOf()).toEqual(expect.arrayContaining(['SM-KA-003', 'SM-IS-008a']));
    // ...on the copy that is replaced, it is not: the cluster never keeps it.
    writeFileSync(path.join(dir, 'a.k8s.yaml'), withPortLevel);
    writeFileSync(path.join(dir, 'b.k8s.yaml'), pa('STRICT'));
    const ids = await idsOf();
    expect(ids).toContain('SM-KA-003');
    expect(ids).not.toContain('SM-IS-008a');
  });
});
