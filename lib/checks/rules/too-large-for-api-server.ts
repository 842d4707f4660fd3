import { API_SERVER_REQUEST_LIMIT, ETCD_REQUEST_LIMIT, isBuiltInKind, kib, objectsOver } from '../object-size';
import type { Rule, Violation } from '../rule';

export const tooLargeForApiServer: Rule = {
  id: 'SM-KA-002',
  severity: 'error',
  title: 'Object larger than the API server stores',
  explanation:
    'The API server refuses request bodies over 3 MiB, and etcd refuses to store values over 1.5 MiB by default; custom ' +
    'resources (Istio, cert-manager) are stored as JSON, so a custom resource whose JSON is over 1.5 MiB cannot be created ' +
    '("etcdserver: request is too large"). Fix: split what the object lists (callers, hosts) across several objects, or ' +
    'select callers by namespace instead of one by one.',
  sources: ['etcd docs: System limits (--max-request-bytes)', 'kubernetes/kubernetes#105863', 'kubernetes/kubernetes#107233'],
  *check({ index }): Iterable<Violation> {
    for (const { object, bytes } of objectsOver(index.objects, ETCD_REQUEST_LIMIT)) {
      const limit = isBuiltInKind(object) ? API_SERVER_REQUEST_LIMIT : ETCD_REQUEST_LIMIT;
      if (bytes > limit) {
        yield { object, message: `is ${kib(bytes)} as JSON, over the ${kib(limit)} the API server ${limit === ETCD_REQUEST_LIMIT ? 'can store for a custom resource (etcd)' : 'accepts in one request'}.` };
      }
    }
  },
};
