import type { Problem } from './errors';
import { formatDuration } from './duration';
import { quoted } from './echo';
import { MIN_CERTIFICATE_DURATION_SECONDS, MIN_RENEW_BEFORE_SECONDS } from '../pki/wellknown';

/**
 * The certificate lifetime checks of a definition (duration, renewBefore, a certificate against its CA), reported on a
 * field the user wrote, showing what the user wrote there. A workload's certificate inherits
 * `pki.certificateDefaults`, and a CA its defaults: a problem of an inherited value is reported once, where it is
 * written, not again on every `workloads[i].tls.duration` the user never wrote, and never as a reformatted value
 * ("90m" for a written "1.5h").
 */

/** One duration field as resolved. */
export interface DurationField {
  /** Its definition path, e.g. `workloads[3].tls.duration`. */
  readonly path: string;
  /** What the user wrote there; undefined when the value is inherited or a default. */
  readonly written?: string;
  readonly seconds: number;
  /** Where an unwritten value comes from: `pki.certificateDefaults.duration`, or `default of <path>`. */
  readonly from: string;
}

/** `"1.5h"` as written, or `2160h (pki.certificateDefaults.duration)` for a value the user did not write here. */
export function showField(f: DurationField): string {
  return f.written !== undefined ? quoted(f.written) : `${formatDuration(f.seconds)} (${f.from})`;
}

const valid = (f: DurationField): boolean => !Number.isNaN(f.seconds);

/** cert-manager's rules for one certificate: duration at least 1h, renewBefore at least 5m and shorter than the duration. */
export function renewalProblems(duration: DurationField, renewBefore: DurationField): Problem[] {
  if (!valid(duration) || !valid(renewBefore)) return [];
  const problems: Problem[] = [];
  if (duration.written !== undefined && duration.seconds < MIN_CERTIFICATE_DURATION_SECONDS) {
    problems.push({ path: duration.path, message: `${showField(duration)} is below cert-manager's minimum of 1h` });
  }
  if (renewBefore.seconds >= duration.seconds) {
    const consequence = 'cert-manager would ignore it and renew at 2/3 of the lifetime';
    if (renewBefore.written !== undefined) {
      problems.push({ path: renewBefore.path, message: `${showField(renewBefore)} must be shorter than the duration ${showField(duration)} (${consequence})` });
    } else if (duration.written !== undefined) {
      problems.push({ path: duration.path, message: `${showField(duration)} must be longer than renewBefore ${showField(renewBefore)}; lengthen it or set a shorter renewBefore (${consequence})` });
    }
  } else if (renewBefore.written !== undefined && renewBefore.seconds < MIN_RENEW_BEFORE_SECONDS) {
    problems.push({ path: renewBefore.path, message: `${showField(renewBefore)} is below cert-manager's minimum of 5m` });
  }
  return problems;
}

/**
 * A certificate (or CA) must not outlive the CA that signs it: reported on the certificate's duration when written,
 * else on the CA's (the user shortened the CA below a default), else not at all (defaults agree with each other).
 */
export function outlivesProblems(own: DurationField, ca: DurationField, what: string): Problem[] {
  if (!valid(own) || !valid(ca) || own.seconds <= ca.seconds) return [];
  if (own.written !== undefined) return [{ path: own.path, message: `${showField(own)} is longer than the signing CA's ${formatDuration(ca.seconds)} (${ca.path}); a certificate must not outlive its issuer` }];
  if (ca.written !== undefined) return [{ path: ca.path, message: `${showField(ca)} is shorter than ${what} it signs, ${showField(own)}; a certificate must not outlive its issuer` }];
  return [];
}
