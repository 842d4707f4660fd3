/**
 * Workloads are read from the pod template of every workload kind, in every version Kubernetes has served it
 * (lib/report/wellknown.ts POD_TEMPLATE_KINDS): an `extensions/v1beta1` Deployment or a CronJob is a workload with its
 * own labels and service account, not something rebuilt from the policies' selectors.
 */
import type { K8sObject } from '../../lib/k8s-object';
import { analyzeConnectivity } from '../../lib/report';

const podSpec = { serviceAccountName: 'app-sa', containers: [{ name: 'app', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }] };
const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: podSpec });
const meta = (name: string) => ({ name, namespace: 'shop' });

/** One object of each workload kind and served version, each with its own `app` label. */
const WORKLOADS: readonly K8sObject[] = [
  ...['apps/v1', 'apps/v1beta1', 'apps/v1beta2'].flatMap((apiVersion) =>
    ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map((kind) => {
      const name = `${kind}-${apiVersion.split('/')[1]}`.toLowerCase();
      return { apiVersion, kind, metadata: meta(name), spec: { template: template({ app: name }) } } as K8sObject;
    })),
  ...['Deployment', 'DaemonSet', 'ReplicaSet'].map((kind) => {
    const name = `${kind}-extensions`.toLowerCase();
    return { apiVersion: 'extensions/v1beta1', kind, metadata: meta(name), spec: { template: template({ app: name }) } } as K8sObject;
  }),
  { apiVersion: 'v1', kind: 'ReplicationController', metadata: meta('rc'), spec: { template: template({ app: 'rc' }) } } as K8sObject,
  { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('job'), spec: { template: template({ app: 'job' }) } } as K8sObject,
  ...['batch/v1', 'batch/v1beta1'].map((apiVersion) => {
    const name = `cron-${apiVersion.split('/')[1]}`;
    return { apiVersion, kind: 'CronJob', metadata: meta(name), spec: { schedule: '* * * * *', jobTemplate: { spec: { template: template({ app: name }) } } } } as K8sObject;
  }),
  { apiVersion: 'v1', kind: 'Pod', metadata: { ...meta('pod'), labels: { app: 'pod' } }, spec: podSpec } as K8sObject,
];

/** A NetworkPolicy admitting only `app: caller` pods to a workload's `app` label, on its named port. */
const policyFor = (app: string): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `to-${app}`, namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'caller' } } }], ports: [{ port: 'http' }] }] },
});

describe('workloads of every workload kind and served version', () => {
  const caller: K8sObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('caller'), spec: { template: template({ app: 'caller' }) } } as K8sObject;
  const names = WORKLOADS.map((w) => w.metadata.name);
  const report = analyzeConnectivity([
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } } as K8sObject,
    caller, ...WORKLOADS, ...names.map((n) => policyFor(n === 'pod' ? 'pod' : n)),
  ]);

  test.each(names)('%s: a workload from its pod template (labels, service account), not from selectors', (name) => {
    const w = report.workloads.find((x) => x.id === `shop/${name}`);
    expect(w).toEqual({ id: `shop/${name}`, namespace: 'shop', name, labels: { app: name }, serviceAccount: 'app-sa', sidecar: false });
    // Rebuilt from selectors, a workload gets a note saying so; read from its template, it does not.
    expect(report.notes.filter((n) => n.startsWith(`shop/${name}:`))).toEqual([]);
  });

  test.each(names)('%s: its named container port resolves the policy (only a template has it)', (name) => {
    const to = report.access.filter((a) => a.to === `shop/${name}`);
    expect(to.map((a) => [a.from, a.ports])).toEqual([['shop/caller', [8080]]]);
  });
});
