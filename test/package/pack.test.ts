import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The package as a platform repo consumes it: `npm pack`, install the tarball into a fresh project
 * next to cdk8s, then synthesize a chart with the compiled JavaScript, run the installed `secure-mesh`
 * command, and type-check a TypeScript consumer against the shipped declarations.
 */
const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };

describe('npm pack', () => {
  let work: string;
  /** The consumer project the first test installs; the cdk8s CLI test reuses it (set once the install passed). */
  let installedConsumer: string | undefined;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'secure-mesh-pack-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('a fresh consumer project installs the tarball and synthesizes a chart with it', () => {
    // What `prepare` (npm run build) compiles, as an up-to-date-checked build (tsc -b: ~0.4 s when build/ is current
    // instead of ~20 s on the 2-core CI machine); then pack without re-running it.
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    // The rest of `npm run build`: the generated validators are JavaScript that tsc does not emit (tools/copy-generated.js).
    execFileSync(process.execPath, [path.join(ROOT, 'tools', 'copy-generated.js')], { cwd: ROOT, stdio: 'pipe' });
    const tarball = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', env: quietEnv() }).trim().split('\n').pop()!;
    const consumer = path.join(work, 'consumer');
    fs.mkdirSync(consumer);
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({
      name: 'platform-repo', private: true,
      dependencies: {
        'secure-mesh': `file:${path.join(work, tarball)}`,
        cdk8s: pkg.devDependencies.cdk8s, 'cdk8s-plus-28': pkg.devDependencies['cdk8s-plus-28'], constructs: pkg.devDependencies.constructs,
      },
    }));
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: consumer, stdio: 'pipe', env: quietEnv() });

    // The tarball ships compiled code, declarations and the schemas, and no TypeScript sources or tests.
    const installed = path.join(consumer, 'node_modules', 'secure-mesh');
    expect(fs.existsSync(path.join(installed, 'build', 'lib', 'index.js'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'build', 'lib', 'index.d.ts'))).toBe(true);
    for (const generated of ['checks/schema/kind-validators.generated', 'model/definition-validator.generated']) {
      for (const ext of ['.js', '.d.ts']) expect(fs.existsSync(path.join(installed, 'build', 'lib', `${generated}${ext}`))).toBe(true);
    }
    expect(fs.existsSync(path.join(installed, 'schemas', 'secure-mesh.schema.json'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'test'))).toBe(false);
    expect(fs.existsSync(path.join(installed, 'lib'))).toBe(false);

    fs.writeFileSync(path.join(consumer, 'main.js'), `
      const { App, Chart } = require('cdk8s');
      const { SecureMesh, Peer } = require('secure-mesh');
      const app = new App({ outdir: 'dist' });
      const chart = new Chart(app, 'mesh', { disableResourceNameHashes: true });
      new SecureMesh(chart, 'mesh', {
        namespaces: [{ name: 'shop' }],
        workloads: [
          { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] },
          { name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 9000 }], ingress: [{ from: Peer.workload('web') }] },
        ],
      });
      app.synth();
    `);
    execFileSync(process.execPath, ['main.js'], { cwd: consumer, stdio: 'pipe', env: quietEnv() });
    const yaml = fs.readFileSync(path.join(consumer, 'dist', 'mesh.k8s.yaml'), 'utf8');
    expect(yaml).toContain('kind: AuthorizationPolicy');
    expect(yaml).toContain('cluster.local/ns/shop/sa/web');

    // The `secure-mesh` bin npm linked runs as a command of its own (shebang, executable bit, package.json "bin").
    const version = execFileSync(path.join(consumer, 'node_modules', '.bin', 'secure-mesh'), ['--version'], { cwd: consumer, encoding: 'utf8', env: quietEnv() });
    expect(version).toBe(`${pkg.version}\n`);

    fs.writeFileSync(path.join(consumer, 'main.ts'), `
      import { Chart, Testing } from 'cdk8s';
      import { SecureMesh, type SecureMeshProps } from 'secure-mesh';
      const props: SecureMeshProps = { namespaces: [{ name: 'shop', isolation: 'namespace' }] };
      new SecureMesh(new Chart(Testing.app({ outdir: 'dist-ts' }), 'c'), 'mesh', props);
    `);
    fs.writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', noEmit: true, skipLibCheck: true, types: [] }, files: ['main.ts'] }));
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: consumer, stdio: 'pipe' });
    installedConsumer = consumer;
  }, 240_000);

  test('the real cdk8s CLI runs the validation plugin as docs/rules.md documents it: clean chart passes, broken fails with the rule ID', () => {
    const consumer = installedConsumer;
    if (consumer === undefined) throw new Error('the install test above failed: no consumer project');
    // The cdk8s.yaml snippet exactly as docs/rules.md shows it (properties and comments included).
    const docs = fs.readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
    const snippet = /```yaml\n# cdk8s\.yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(snippet).toContain('class: SecureMeshValidation');
    fs.writeFileSync(path.join(consumer, 'cdk8s.yaml'), `language: typescript\napp: node main.js\n${snippet}`);
    fs.writeFileSync(path.join(consumer, 'broken.js'), `
      const { ApiObject, App, Chart } = require('cdk8s');
      const app = new App({ outdir: 'dist' });
      const chart = new Chart(app, 'broken', { disableResourceNameHashes: true });
      // portLevelMtls without a selector: Istio ignores it (SM-IS-008a, an error).
      new ApiObject(chart, 'pa', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'bad', namespace: 'shop' },
        spec: { mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } } });
      app.synth();
    `);
    const cdk8s = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
    // HOME in the scratch project: a bare package name would be installed under ~/.cdk8s/plugins; a local path never is.
    const env = { ...quietEnv(), CDK8S_CHECK_UPGRADE: 'false', HOME: work };
    const clean = spawnSync(process.execPath, [cdk8s, 'synth', '--no-check-upgrade'], { cwd: consumer, encoding: 'utf8', env });
    expect({ status: clean.status, stderr: clean.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(clean.stdout).toMatch(/Validation Report \(.*secure-mesh@0\.1\.0\)/);
    expect(fs.existsSync(path.join(work, '.cdk8s', 'plugins'))).toBe(false);

    const broken = spawnSync(process.execPath, [cdk8s, 'synth', '--no-check-upgrade', '--app', 'node broken.js'], { cwd: consumer, encoding: 'utf8', env });
    expect(broken.status).not.toBe(0);
    expect(`${broken.stdout}${broken.stderr}`).toContain('SM-IS-008a');
  }, 120_000);
});

function quietEnv(): NodeJS.ProcessEnv {
  return { ...process.env, SECURE_MESH_QUIET: '1', npm_config_update_notifier: 'false' };
}
