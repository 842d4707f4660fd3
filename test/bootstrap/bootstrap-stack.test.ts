import { Testing } from 'cdktf';
// Types of the matchers that `Testing.setupJest()` registers.
import 'cdktf/lib/testing/adapters/jest';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Release } from '@cdktf/provider-helm/lib/release';
import { platformDefinition } from '../../apps/platform';
import { Peer, type SecureMeshProps } from '../../lib';
import { resolveBootstrapOptions } from '../../lib/bootstrap';
import { VERSIONS } from '../../lib/versions';
import { bootstrapStack, releaseValues, synthJson } from './helpers';

Testing.setupJest();

const minimal: SecureMeshProps = { namespaces: [{ name: 'shop' }], workloads: [{ name: 'web', namespace: 'shop' }] };

describe('MeshBootstrapStack over the platform definition', () => {
  const stack = bootstrapStack({ definition: platformDefinition });
  const synthesized = Testing.synth(stack);
  const json = synthJson(stack);

  it('configures the helm provider with the default kubeconfig', () => {
    expect(synthesized).toHaveProvider(HelmProvider);
    expect(json.provider.helm).toEqual([{ kubernetes: { config_path: '~/.kube/config' } }]);
  });

  it.each([
    ['cert-manager', 'cert-manager', 'https://charts.jetstack.io', VERSIONS.certManager.chartVersion, 'cert-manager'],
    ['trust-manager', 'trust-manager', 'https://charts.jetstack.io', VERSIONS.trustManager.chartVersion, 'cert-manager'],
    ['istio-base', 'base', 'https://istio-release.storage.googleapis.com/charts', VERSIONS.istio.chartVersion, 'istio-system'],
    ['istiod', 'istiod', 'https://istio-release.storage.googleapis.com/charts', VERSIONS.istio.chartVersion, 'istio-system'],
    ['istio-ingressgateway', 'gateway', 'https://istio-release.storage.googleapis.com/charts', VERSIONS.istio.chartVersion, 'istio-system'],
  ])('installs %s from chart %s of %s at %s into %s, atomically', (name, chart, repository, version, namespace) => {
    expect(synthesized).toHaveResourceWithProperties(Release, {
      name, chart, repository, version, namespace,
      create_namespace: true, atomic: true, cleanup_on_fail: true, wait: true, timeout: 600,
    });
  });

  it('pins the versions the issue names', () => {
    const r = json.resource.helm_release;
    expect(r['cert-manager']!.version).toBe('v1.21.1');
    expect(r['trust-manager']!.version).toBe('v0.24.0');
    expect([r['istio-base']!.version, r.istiod!.version, r['istio-ingressgateway']!.version]).toEqual(['1.30.3', '1.30.3', '1.30.3']);
  });

  it('orders the releases with depends_on', () => {
    const r = json.resource.helm_release;
    expect(r['cert-manager']!.depends_on).toBeUndefined();
    expect(r['trust-manager']!.depends_on).toEqual(['helm_release.cert-manager']);
    expect(r['istio-base']!.depends_on).toBeUndefined();
    expect(r.istiod!.depends_on).toEqual(['helm_release.istio-base']);
    expect(r['istio-ingressgateway']!.depends_on).toEqual(['helm_release.istiod']);
  });

  it('has no KServe releases when the definition has no KServe section', () => {
    expect(Object.keys(json.resource.helm_release).sort()).toEqual(
      ['cert-manager', 'istio-base', 'istio-ingressgateway', 'istiod', 'trust-manager'],
    );
  });

  it('cert-manager: CRDs from the chart (kept on uninstall), the PKI namespace, metrics and a ServiceMonitor for the alerts', () => {
    expect(releaseValues(json, 'cert-manager')).toEqual({
      crds: { enabled: true, keep: true },
      clusterResourceNamespace: 'cert-manager',
      prometheus: { enabled: true, servicemonitor: { enabled: true } },
    });
  });

  it('trust-manager: the trust namespace is the PKI namespace', () => {
    expect(releaseValues(json, 'trust-manager')).toEqual({ app: { trust: { namespace: 'cert-manager' } } });
  });

  it('istiod: root namespace, trust domain, auto mTLS, probe rewrite, hold until proxy starts', () => {
    expect(releaseValues(json, 'istiod')).toEqual({
      global: { istioNamespace: 'istio-system', proxy: { holdApplicationUntilProxyStarts: true } },
      meshConfig: { rootNamespace: 'istio-system', trustDomain: 'cluster.local', enableAutoMtls: true },
      sidecarInjectorWebhook: { rewriteAppHTTPProbe: true },
    });
    expect(releaseValues(json, 'istio-base')).toEqual({ global: { istioNamespace: 'istio-system' } });
  });

  it('ingress gateway: the labels and service account the policies admit', () => {
    expect(releaseValues(json, 'istio-ingressgateway')).toEqual({
      labels: { istio: 'ingressgateway' },
      serviceAccount: { create: true, name: 'istio-ingressgateway-service-account' },
    });
  });

  it('writes a relative local backend path (machine-independent)', () => {
    expect(stack.toTerraform().terraform.backend).toEqual({ local: { path: '../../../terraform.bootstrap.tfstate' } });
  });

  it('is deterministic: values YAML has sorted keys and a second synthesis is byte-identical', () => {
    expect(json.resource.helm_release.istiod!.values![0]).toBe(
      'global:\n  istioNamespace: istio-system\n  proxy:\n    holdApplicationUntilProxyStarts: true\n'
      + 'meshConfig:\n  enableAutoMtls: true\n  rootNamespace: istio-system\n  trustDomain: cluster.local\n'
      + 'sidecarInjectorWebhook:\n  rewriteAppHTTPProbe: true\n',
    );
    expect(Testing.synth(bootstrapStack({ definition: platformDefinition }))).toBe(synthesized);
  });
});

describe('MeshBootstrapStack choices', () => {
  it('honours kubeconfig, timeout and holdApplicationUntilProxyStarts', () => {
    const stack = bootstrapStack({
      definition: minimal,
      kubernetes: { configPath: '/etc/kube/config', configContext: 'prod' },
      timeoutSeconds: 900,
      holdApplicationUntilProxyStarts: false,
    });
    const json = synthJson(stack);
    expect(json.provider.helm).toEqual([{ kubernetes: { config_path: '/etc/kube/config', config_context: 'prod' } }]);
    for (const release of Object.values(json.resource.helm_release)) expect(release.timeout).toBe(900);
    expect(releaseValues(json, 'istiod').global.proxy).toEqual({ holdApplicationUntilProxyStarts: false });
  });

  it('leaves out the gateway and the ServiceMonitor when nothing needs them', () => {
    const json = synthJson(bootstrapStack({ definition: minimal }));
    expect(Object.keys(json.resource.helm_release).sort()).toEqual(['cert-manager', 'istio-base', 'istiod', 'trust-manager']);
    expect(releaseValues(json, 'cert-manager').prometheus).toEqual({ enabled: true, servicemonitor: { enabled: false } });
  });

  it('installs the gateway when a workload admits it, into the Istio root namespace', () => {
    const json = synthJson(bootstrapStack({
      definition: {
        istio: { rootNamespace: 'mesh-root' },
        namespaces: [{ name: 'shop' }],
        workloads: [{ name: 'web', namespace: 'shop', ingress: [{ from: Peer.system('istio-ingressgateway') }] }],
      },
    }));
    const gateway = json.resource.helm_release['istio-ingressgateway']!;
    expect(gateway.namespace).toBe('mesh-root');
    expect(gateway.depends_on).toEqual(['helm_release.istiod']);
  });

  it('installs only cert-manager and trust-manager when Istio is off', () => {
    const json = synthJson(bootstrapStack({ definition: { ...minimal, istio: false } }));
    expect(Object.keys(json.resource.helm_release).sort()).toEqual(['cert-manager', 'trust-manager']);
  });

  it('puts istiod where the definition says istiod runs, and keeps the root namespace for policies', () => {
    const json = synthJson(bootstrapStack({ definition: { ...minimal, istio: { rootNamespace: 'istio-config', istiodNamespace: 'istio-cp' } } }));
    expect(json.resource.helm_release.istiod!.namespace).toBe('istio-cp');
    expect(json.resource.helm_release['istio-base']!.namespace).toBe('istio-cp');
    const istiod = releaseValues(json, 'istiod');
    expect(istiod.meshConfig.rootNamespace).toBe('istio-config');
    expect(istiod.global.istioNamespace).toBe('istio-cp');
  });

  it('installs KServe from the OCI charts after kserve-crd, cert-manager and istiod', () => {
    const stack = bootstrapStack({ definition: minimal, kserve: { deploymentMode: 'Standard' } });
    const synthesized = Testing.synth(stack);
    expect(synthesized).toHaveResourceWithProperties(Release, {
      name: 'kserve-crd', chart: 'kserve-crd', repository: 'oci://ghcr.io/kserve/charts', version: 'v0.20.0', namespace: 'kserve', atomic: true,
    });
    expect(synthesized).toHaveResourceWithProperties(Release, {
      name: 'kserve', chart: 'kserve', repository: 'oci://ghcr.io/kserve/charts', version: 'v0.20.0', namespace: 'kserve', atomic: true,
    });
    const json = synthJson(stack);
    expect(json.resource.helm_release['kserve-crd']!.values).toBeUndefined();
    expect(json.resource.helm_release.kserve!.depends_on).toEqual(['helm_release.kserve-crd', 'helm_release.cert-manager', 'helm_release.istiod']);
    expect(releaseValues(json, 'kserve')).toEqual({ kserve: { controller: { deploymentMode: 'Standard' } } });
  });

  it('turns KServe on from the definition\'s `kserve` section, in the namespace it names', () => {
    const json = synthJson(bootstrapStack({ definition: { ...minimal, kserve: { namespace: 'kserve-system' } } }));
    expect(json.resource.helm_release['kserve-crd']!.namespace).toBe('kserve-system');
    expect(json.resource.helm_release.kserve!.namespace).toBe('kserve-system');
    expect(releaseValues(json, 'kserve')).toEqual({ kserve: { controller: { deploymentMode: 'Knative' } } });
    const mesh = bootstrapStack({ definition: minimal }).mesh;
    expect(resolveBootstrapOptions({}, mesh, { ...minimal, kserve: {} }).kserve).toEqual({ namespace: 'kserve', deploymentMode: 'Knative' });
    expect(resolveBootstrapOptions({ kserve: false }, mesh, { ...minimal, kserve: {} }).kserve).toBeUndefined();
  });
});
