/**
 * `graph` and `diff` analyse manifests as `kubectl apply` leaves them: of two objects with one identity only the last
 * exists on the cluster, so a workload policy named like the namespace's `default-deny` opens the namespace, and the
 * report must say so instead of still showing it isolated.
 */
import type { K8sObject } from '../../lib/k8s-object';
import { analyzeConnectivity } from '../../lib/report';

const ns = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const deployment = (namespace: string, name: string): K8sObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] } } },
});
const np = (name: string, spec: unknown): K8sObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec });

const isolated = [ns('shop'), ns('batch'), deployment('shop', 'db'), deployment('batch', 'job'), np('default-deny', { podSelector: {}, policyTypes: ['Ingress'] })];
// A workload named "default-deny": its policy takes the baseline's name and replaces it.
const replacing = np('default-deny', { podSelector: { matchLabels: { app: 'default-deny' } }, policyTypes: ['Ingress'], ingress: [{}] });

const callersOfDb = (objects: K8sObject[]): string[] => analyzeConnectivity(objects).access.filter((a) => a.to === 'shop/db').map((a) => a.from).sort();

describe('the analysis reads objects as kubectl apply keeps them', () => {
  test('the baseline isolates db', () => {
    expect(callersOfDb(isolated)).toEqual([]);
  });

  test('a later object of the same identity replaces the baseline: db is open, and a note says why', () => {
    const objects = [...isolated, replacing];
    expect(callersOfDb(objects)).toContain('batch/job');
    expect(analyzeConnectivity(objects).notes.join('\n')).toContain('NetworkPolicy/shop/default-deny appears more than once: analysed as kubectl apply keeps it, the last one');
  });

  test('order decides: the baseline applied last isolates again', () => {
    expect(callersOfDb([replacing, ...isolated])).toEqual([]);
  });
});
