import { CLIENT_SIDE_APPLY_LIMIT, kib, objectsOver } from '../object-size';
import type { Rule, Violation } from '../rule';

export const tooLargeForClientSideApply: Rule = {
  id: 'SM-KA-001',
  severity: 'warning',
  title: 'Object too large for client-side kubectl apply (256 KiB of annotations)',
  explanation:
    'Client-side `kubectl apply` stores the whole object in its `kubectl.kubernetes.io/last-applied-configuration` annotation, ' +
    'and an object\'s annotations may hold 256 KiB in total: a larger object fails with "metadata.annotations: Too long: must ' +
    'have at most 262144 bytes". Large meshes reach this with an AuthorizationPolicy admitting thousands of callers. Fix: apply ' +
    'with `kubectl apply --server-side` (or a GitOps tool in server-side mode), which keeps no such copy; or split the callers ' +
    'into fewer identities (namespace peers).',
  sources: ['kubernetes/kubectl#712', 'kubernetes/kubernetes#100572', 'apimachinery pkg/api/validation/objectmeta.go TotalAnnotationSizeLimitB'],
  *check({ index }): Iterable<Violation> {
    for (const { object, bytes } of objectsOver(index.objects, CLIENT_SIDE_APPLY_LIMIT)) {
      yield { object, message: `is ${kib(bytes)} as JSON, over the ${kib(CLIENT_SIDE_APPLY_LIMIT)} client-side kubectl apply can record; apply it with --server-side.` };
    }
  },
};
