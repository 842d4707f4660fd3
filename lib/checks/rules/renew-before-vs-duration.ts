import { goDurationSeconds, showDuration } from '../../model/duration';
import { certificateDuration } from '../issuers';
import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { MIN_RENEW_BEFORE_SECONDS } from '../../pki/wellknown';

export const renewBeforeVsDuration: Rule = {
  id: 'SM-CM-020',
  severity: 'error',
  title: 'renewBefore is not shorter than the certificate duration, or below the 5m minimum',
  explanation:
    'cert-manager renews `renewBefore` ahead of expiry. A renewBefore at or above the lifetime makes cert-manager renew ' +
    'continuously (tens of thousands of CertificateRequests; Let\'s Encrypt quota exhausted) or is silently ignored, and the ' +
    'webhook rejects renewBefore below 5m or together with renewBeforePercentage. `renewBeforePercentage` must be in (0, 100). ' +
    'Fix: use an absolute renewBefore well below duration (at most two thirds of it).',
  sources: ['cert-manager/cert-manager#1506', 'cert-manager/cert-manager#3396', 'cert-manager/cert-manager#4122', 'cert-manager/cert-manager#9129'],
  *check({ index }): Iterable<Violation> {
    for (const cert of index.ofKind('Certificate')) {
      const spec = asRecord(cert.spec);
      const duration = certificateDuration(cert);
      if (spec.renewBefore !== undefined && spec.renewBeforePercentage !== undefined) {
        yield { object: cert, message: 'sets both renewBefore and renewBeforePercentage; the webhook rejects this. Keep renewBefore.' };
        continue;
      }
      if (spec.renewBefore !== undefined) {
        const rb = goDurationSeconds(spec.renewBefore);
        if (rb === undefined) {
          yield { object: cert, message: `renewBefore "${String(spec.renewBefore)}" is not a Go duration (e.g. "360h").` };
        } else if (duration !== undefined && rb >= duration) {
          yield { object: cert, message: `renewBefore (${spec.renewBefore}) is not shorter than duration (${spec.duration ?? '2160h, the default'}): cert-manager will renew continuously. Use at most ${showDuration(Math.floor((duration * 2) / 3))}.` };
        } else if (rb < MIN_RENEW_BEFORE_SECONDS) {
          yield { object: cert, message: `renewBefore (${spec.renewBefore}) is below cert-manager's 5m minimum.` };
        }
      }
      if (spec.renewBeforePercentage !== undefined) {
        const pct = Number(spec.renewBeforePercentage);
        if (!Number.isInteger(pct) || pct <= 0 || pct >= 100) {
          yield { object: cert, message: `renewBeforePercentage (${String(spec.renewBeforePercentage)}) must be an integer between 1 and 99.` };
        } else if (duration !== undefined && (duration * pct) / 100 < MIN_RENEW_BEFORE_SECONDS) {
          yield { object: cert, message: `renewBeforePercentage ${pct}% of ${showDuration(duration)} is below cert-manager's 5m minimum; use an absolute renewBefore.` };
        }
      }
    }
  },
};
