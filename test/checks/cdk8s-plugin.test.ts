import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { SecureMeshValidation } from '../../lib/checks/cdk8s-plugin';
import { fakeContext } from '../helpers/plugin-context';
import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { platformDefinition } from '../../apps/platform';


describe('SecureMeshValidation (cdk8s plugin)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'sm-plugin-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the synthesized platform example', async () => {
    const file = path.join(dir, 'platform.k8s.yaml');
    writeFileSync(file, synthesizeMesh(platformDefinition).objects.map((o) => stringify(o)).join('---\n'));
    const ctx = fakeContext([file]);
    await new SecureMeshValidation().validate(ctx);
    expect(ctx.violations).toEqual([]);
    expect(ctx.status).toBe('success');
  });

  it('reports violations with rule, recommendation, fix URL and resources, and fails', async () => {
    const file = path.join(dir, 'app.k8s.yaml');
    writeFileSync(file, [
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: default, namespace: shop }\nspec: { mtls: { mode: STRICT } }\n',
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: web, namespace: shop }\nspec:\n  host: web\n  trafficPolicy: { tls: { mode: DISABLE } }\n',
    ].join('---\n'));
    const ctx = fakeContext([file]);
    await new SecureMeshValidation({ rootNamespace: 'istio-system' }).validate(ctx);
    expect(ctx.status).toBe('failure');
    const v = ctx.violations.find((x) => x.ruleName.startsWith('SM-IS-009'));
    expect(v.fix).toMatch(/rules\.md#sm-is-009$/);
    expect(v.recommendation).toContain('DestinationRule/shop/web');
    expect(v.violatingResources).toEqual([{ resourceName: 'DestinationRule/shop/web', locations: ['line 6'], manifestPath: file }]);
  });

  it('fails on unreadable manifests instead of throwing', async () => {
    const ctx = fakeContext([path.join(dir, 'missing.yaml')]);
    await new SecureMeshValidation().validate(ctx);
    expect(ctx.status).toBe('failure');
  });
});
