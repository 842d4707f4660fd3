/**
 * ModelMesh Serving's request paths (docs/integrations.md), hop by hop, judged by the independent evaluator from the
 * synthesized objects: the caller's egress AND the destination's ingress. Pods as ModelMesh Serving v0.12.0 runs them:
 * runtimes labelled `modelmesh-service: modelmesh-serving` (Service `modelmesh-serving`, gRPC 8033, REST 8008),
 * the controller `control-plane: modelmesh-controller` with its ServingRuntime webhook on 9443
 * (`config/webhook/manifests.yaml`, failurePolicy Fail), etcd on 2379.
 */
import { synthesizeMesh, type SecureMeshProps } from '../../lib';
import { evaluate, type Pod } from '../evaluator';
import { namespacesOf } from './helpers';

const def: SecureMeshProps = {
  istio: false,
  namespaces: [{ name: 'apps' }],
  workloads: [{ name: 'scorer', namespace: 'apps', ports: [{ name: 'http', port: 8080 }] }],
  modelmesh: {
    etcd: { cidrs: ['9.10.11.12/32'] },
    storage: [{ cidr: '13.12.11.10/32', ports: [443] }],
    kubernetesApiCidr: '10.96.0.1/32',
    clients: [{ workload: 'scorer', namespace: 'apps' }],
  },
};
const { objects } = synthesizeMesh(def);
const cluster = { objects: [...objects], namespaces: namespacesOf(objects, ['kube-system']) };

const runtime = (pod = 'a'): Pod => ({ namespace: 'modelmesh-serving', labels: { 'modelmesh-service': 'modelmesh-serving', pod }, serviceAccount: 'modelmesh', sidecar: false });
const controller: Pod = { namespace: 'modelmesh-serving', labels: { 'control-plane': 'modelmesh-controller' }, serviceAccount: 'modelmesh-controller', sidecar: false };
const scorer: Pod = { namespace: 'apps', labels: { app: 'scorer' }, serviceAccount: 'scorer', sidecar: false, ip: '10.1.2.3' };
const outside = (ip: string): Pod => ({ namespace: 'outside', labels: { host: ip }, serviceAccount: 'none', sidecar: false, ip });
// The API server calls webhooks from a control-plane or node address (not a pod).
const apiServer: Pod = { namespace: 'control-plane', labels: { component: 'kube-apiserver' }, serviceAccount: 'none', sidecar: false, ip: '172.18.0.2' };

describe('ModelMesh request paths, hop by hop (independent evaluator)', () => {
  test.each([
    ['client → runtime gRPC inference (modelmesh-serving:8033)', scorer, runtime(), 8033],
    ['client → runtime REST proxy (8008)', scorer, runtime(), 8008],
    ['controller → runtime (8033)', controller, runtime(), 8033],
    ['runtime → runtime, LiteLinks (8080)', runtime('a'), runtime('b'), 8080],
    ['runtime → etcd (2379)', runtime(), outside('9.10.11.12'), 2379],
    ['controller → etcd (2379)', controller, outside('9.10.11.12'), 2379],
    ['runtime → model storage', runtime(), outside('13.12.11.10'), 443],
    ['controller → Kubernetes API', controller, outside('10.96.0.1'), 443],
    ['API server → controller ServingRuntime webhook (9443)', apiServer, controller, 9443],
  ])('%s: allowed on both sides', (_name, from, to, port) => {
    const v = evaluate(cluster, { from, to, port });
    expect(v.reasons.join('\n')).not.toMatch(/no (egress|ingress) rule matched/);
    expect(v.allowed).toBe(true);
  });

  test.each([
    ['client → runtime LiteLinks (8080)', scorer, runtime(), 8080],
    ['client → controller', scorer, controller, 9443],
    ['runtime → elsewhere', runtime(), outside('8.8.8.8'), 443],
    ['anyone → controller on another port', apiServer, controller, 8443],
  ])('%s: refused', (_name, from, to, port) => {
    expect(evaluate(cluster, { from, to, port })).toMatchObject({ allowed: false, layer: 'network' });
  });
});
