import { isIP } from 'node:net';
import type { EgressRuleProps } from '../../model/definition';
import { Peer } from '../../model/peer';

/**
 * Where KServe's storage initializer downloads a model from, as egress of the predictor pods. The storage initializer
 * is an init container of the predictor pod (KServe `pkg/webhook/admission/pod/storage_initializer_injector.go`); it
 * runs before the model server, in the pod's network namespace, so the predictor's NetworkPolicy decides whether the
 * download leaves the pod. Under Istio CNI it runs as the proxy's UID and bypasses the sidecar; with native sidecars it
 * goes out through the proxy as passthrough (ALLOW_ANY): either way only the NetworkPolicy has a say.
 *
 * The URI schemes are those of KServe's default `ClusterStorageContainer` (`supportedUriFormats`: gs://, s3://,
 * hdfs://, webhdfs://, hf://, https?://, Azure blob/file URLs) and the ones handled without a download (`pvc://`
 * mounts a volume; `oci://` model cars are pulled by the kubelet on the node's network, not by the pod).
 */
export type StorageEgress =
  | { readonly kind: 'rules'; readonly rules: readonly EgressRuleProps[]; readonly description: string }
  | { readonly kind: 'none'; readonly description: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Addresses that are not the internet: the private ranges (RFC 1918), where cluster pods, Services and nodes live on
 * every common distribution, and link-local (RFC 3927), where cloud metadata endpoints answer (169.254.169.254: the
 * node's cloud credentials). A public model store never needs them.
 */
export const NOT_INTERNET_IPV4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16'] as const;

/** The internet over IPv4 on one port: a public object store or model hub. */
function internet(port: number): EgressRuleProps {
  return { to: Peer.cidr('0.0.0.0/0', [...NOT_INTERNET_IPV4]), ports: [port] };
}

/** Default ports of the schemes whose endpoint is public and fixed, or named in the URI. */
const HTTPS_PORT = 443;
const HTTP_PORT = 80;

export function storageEgress(uri: string): StorageEgress {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//.exec(uri)?.[1];
  switch (scheme) {
    case 'pvc':
      return { kind: 'none', description: 'a PersistentVolumeClaim mounted into the pod: no network' };
    case 'oci':
      return { kind: 'none', description: 'an OCI model car: the kubelet pulls the image on the node network' };
    case 'gs':
      // Google Cloud Storage: storage.googleapis.com over HTTPS (google-cloud-storage client).
      return { kind: 'rules', rules: [internet(HTTPS_PORT)], description: `Google Cloud Storage over HTTPS (TCP ${HTTPS_PORT})` };
    case 's3':
      // AWS S3 over HTTPS by default; a custom endpoint (`serving.kserve.io/s3-endpoint`, S3_ENDPOINT) is not in the URI.
      return { kind: 'rules', rules: [internet(HTTPS_PORT)], description: `Amazon S3 over HTTPS (TCP ${HTTPS_PORT}); for a custom S3 endpoint declare egress instead` };
    case 'hf':
      // Hugging Face Hub: huggingface.co and its CDN over HTTPS (huggingface_hub client).
      return { kind: 'rules', rules: [internet(HTTPS_PORT)], description: `the Hugging Face Hub over HTTPS (TCP ${HTTPS_PORT})` };
    case 'http':
    case 'https':
      return urlEgress(uri, scheme);
    default:
      return { kind: 'unknown', reason: scheme === undefined ? 'it has no scheme' : `the endpoint of a "${scheme}://" URI is not in the URI` };
  }
}

/** An HTTP(S) URL: its port (or the scheme's), to its IP when the host is one, else to the internet unless it is a cluster name. */
function urlEgress(uri: string, scheme: 'http' | 'https'): StorageEgress {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { kind: 'unknown', reason: 'it is not a valid URL' };
  }
  const port = url.port === '' ? (scheme === 'https' ? HTTPS_PORT : HTTP_PORT) : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  if (family !== 0) {
    const cidr = family === 4 ? `${host}/32` : `${host}/128`;
    return { kind: 'rules', rules: [{ to: Peer.cidr(cidr), ports: [port] }], description: `${host} on TCP ${port}` };
  }
  // A name inside the cluster (a Service) or without a domain: its pods' addresses are not known here.
  if (!host.includes('.') || /\.svc(\.|$)/.test(host) || host.endsWith('.local')) {
    return { kind: 'unknown', reason: `"${host}" is a name inside the cluster, whose pods the definition does not know` };
  }
  return { kind: 'rules', rules: [internet(port)], description: `${host} on TCP ${port}` };
}

/** Whether declared egress rules open `port` towards some IP block (a namespace rule cannot reach an outside store). */
export function egressCoversPort(rules: readonly EgressRuleProps[], port: number): boolean {
  return rules.some((r) => 'cidr' in r.to && (r.ports === undefined || r.ports.length === 0 || r.ports.includes(port)));
}
