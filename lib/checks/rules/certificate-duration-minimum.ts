import { goDurationSeconds } from '../../model/duration';
import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { MIN_CERTIFICATE_DURATION_SECONDS } from '../../pki/wellknown';

export const certificateDurationMinimum: Rule = {
  id: 'SM-CM-101',
  severity: 'error',
  title: 'Certificate duration is not a Go duration or is shorter than 1h',
  explanation:
    'The cert-manager webhook rejects `spec.duration` below one hour ("certificate duration must be greater than 1h0m0s"), ' +
    'and durations must be Go durations (`2160h`, not `90d`). Fix: write hours, at least `1h`.',
  sources: ['cert-manager internal/apis/certmanager/validation/certificate.go', 'certmanager-cdk8s-style.md §A1'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      const d = asRecord(cert.spec).duration;
      if (d === undefined) continue;
      const seconds = goDurationSeconds(d);
      if (seconds === undefined) yield { object: cert, message: `duration "${String(d)}" is not a Go duration; write hours, e.g. "2160h".` };
      else if (seconds < MIN_CERTIFICATE_DURATION_SECONDS) yield { object: cert, message: `duration ${String(d)} is below cert-manager's 1h minimum.` };
    }
  },
};
