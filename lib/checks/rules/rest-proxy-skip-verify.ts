import type { Rule, Violation } from '../rule';
import { containersOf, envOf } from '../secret-consumers';
import { REST_PROXY_SKIP_VERIFY_ENV } from '../wellknown';

export const restProxySkipVerify: Rule = {
  id: 'SM-MM-017',
  severity: 'warning',
  title: 'ModelMesh rest-proxy skips TLS verification',
  explanation:
    '`REST_PROXY_SKIP_VERIFY=true` makes the REST proxy accept any certificate from ModelMesh, so the TLS it speaks authenticates ' +
    'nothing. Fix: mount the CA bundle (trust-manager) for rest-proxy, include `localhost` in the certificate SANs, and drop the variable.',
  sources: ['kserve/rest-proxy#32', 'kserve/modelmesh-serving#536'],
  *check({ index }): Iterable<Violation> {
    for (const pod of index.podTemplates()) {
      for (const c of containersOf(pod)) {
        if (envOf(c).get(REST_PROXY_SKIP_VERIFY_ENV)?.toLowerCase() === 'true') {
          yield { object: pod.owner, message: `container ${String(c.name)} sets ${REST_PROXY_SKIP_VERIFY_ENV}=true: the proxy does not verify ModelMesh's certificate.` };
        }
      }
    }
  },
};
