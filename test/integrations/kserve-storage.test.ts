import { synthesizeMesh, type SecureMeshProps } from '../../lib';
import { storageEgress } from '../../lib/integrations/kserve/storage';
import { find, spec } from './helpers';

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'];
const internet = (port: number) => ({ kind: 'rules', rules: [{ to: { cidr: '0.0.0.0/0', except: PRIVATE }, ports: [port] }] });

describe('model download egress from storageUri (KServe storage initializer)', () => {
  test.each([
    ['gs://kfserving-examples/models/sklearn/1.0/model', internet(443)],
    ['s3://bucket/model', internet(443)],
    ['hf://meta-llama/Llama-3.1-8B', internet(443)],
    ['https://example.com/models/model.tar.gz', internet(443)],
    ['https://mymodels.blob.core.windows.net/models/iris', internet(443)],
    ['http://example.com:8080/model.joblib', internet(8080)],
    ['http://example.com/model.joblib', internet(80)],
    ['https://203.0.113.7:9000/model', { kind: 'rules', rules: [{ to: { cidr: '203.0.113.7/32' }, ports: [9000] }] }],
    ['pvc://models/iris', { kind: 'none' }],
    ['oci://registry.example.com/models/iris:1', { kind: 'none' }],
    ['hdfs://namenode/models/iris', { kind: 'unknown' }],
    ['http://minio.minio.svc:9000/models/iris', { kind: 'unknown' }],
  ])('%s', (uri, expected) => {
    expect(storageEgress(uri)).toMatchObject(expected);
  });

  const isvc = (storageUri: string, egress?: unknown) => ({
    istio: { mtls: 'STRICT' as const },
    kserve: { inferenceServices: [{ name: 'm', namespace: 'user1', bypassActivator: true, model: { format: 'sklearn', storageUri }, ...(egress ? { egress } : {}) }] },
  }) as SecureMeshProps;

  test('without declared egress the predictor\'s NetworkPolicy opens the derived destination', () => {
    const { objects, warnings } = synthesizeMesh(isvc('gs://bucket/model'));
    expect(spec(find(objects, 'NetworkPolicy', 'user1', 'm-predictor')).egress).toContainEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE } }], ports: [{ protocol: 'TCP', port: 443 }] });
    expect(warnings.filter((w) => w.path.startsWith('kserve'))).toEqual([]);
  });

  test('a scheme whose endpoint is not in the URI is a warning naming the field; declared egress silences it', () => {
    const { warnings } = synthesizeMesh(isvc('hdfs://namenode/models/iris'));
    expect(warnings).toContainEqual({
      path: 'kserve.inferenceServices[0].model.storageUri',
      message: 'the model download from "hdfs://namenode/models/iris" cannot be opened: the endpoint of a "hdfs://" URI is not in the URI; declare the storage endpoint under kserve.inferenceServices[0].egress, or the storage initializer is blocked by the namespace\'s default-deny',
    });
    const declared = synthesizeMesh(isvc('hdfs://namenode/models/iris', [{ to: { cidr: '203.0.113.0/24' }, ports: [8020] }]));
    expect(declared.warnings.filter((w) => w.path.startsWith('kserve'))).toEqual([]);
    expect(spec(find(declared.objects, 'NetworkPolicy', 'user1', 'm-predictor')).egress).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 8020 }] }]);
  });

  test('declared egress is kept as written, with a warning when it does not open the download', () => {
    const { objects, warnings } = synthesizeMesh(isvc('gs://bucket/model', [{ to: { cidr: '203.0.113.0/24' }, ports: [8443] }]));
    expect(spec(find(objects, 'NetworkPolicy', 'user1', 'm-predictor')).egress).toEqual([{ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 8443 }] }]);
    expect(warnings).toContainEqual({
      path: 'kserve.inferenceServices[0].egress',
      message: 'does not open TCP 443 to an IP block, which the model download from "gs://bucket/model" needs (Google Cloud Storage over HTTPS (TCP 443)); add it or remove egress to let it be derived',
    });
  });

  test('pvc:// needs no network: no egress, no warning', () => {
    const { objects, warnings } = synthesizeMesh(isvc('pvc://models/iris'));
    expect(objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'm-predictor' && (o as any).spec.egress)).toBeUndefined();
    expect(warnings.filter((w) => w.path.startsWith('kserve'))).toEqual([]);
  });
});
