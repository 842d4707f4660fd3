/**
 * `ports: []` in a report means every port. It must not be claimed when one of the destination's ports is refused (a
 * DENY on that port) or only partly open: the access then lists the ports it has (found by the import's never-widen
 * property: an imported rule "every port" re-opened the denied one).
 */
import type { K8sObject } from '../../lib/k8s-object';
import { analyzeConnectivity } from '../../lib/report';

const deployment = (name: string, ports: number[]): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'n' },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: name, containers: [{ name: 'c', ports: ports.map((containerPort) => ({ containerPort })) }] } } },
} as K8sObject);
const base: K8sObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', labels: { 'istio-injection': 'enabled' } } } as K8sObject,
  deployment('db', [5432, 8080]), deployment('web', [8080]),
];
const deny = (ports: string[]): K8sObject => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny', namespace: 'n' }, spec: { selector: { matchLabels: { app: 'db' } }, action: 'DENY', rules: [{ to: [{ operation: { ports } }] }] } } as K8sObject);
const toDb = (objects: K8sObject[]) => analyzeConnectivity(objects).access.filter((a) => a.from === 'n/web' && a.to === 'n/db').map((a) => a.ports);

test('a DENY on one port: the access lists every other port, exactly, not every port', () => {
  expect(toDb(base)).toEqual([[]]);
  expect(toDb([...base, deny(['5432'])])).toEqual([['1-5431', '5433-65535']]);
});

test('every named port denied, only unnamed ports open: the ports between them, as ranges', () => {
  expect(toDb([...base, deny(['5432', '8080'])])).toEqual([['1-5431', '5433-8079', '8081-65535']]);
});
