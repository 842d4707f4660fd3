import type { AppTlsProps, NamespaceProps } from '../../model/definition';
import type { Expansion } from '../expansion';
import { dns1123LabelError } from '../../model/names';
import { withTlsPreset } from './preset';
import type { AppTlsMigrationProps, AppTlsPhase } from './definition';

export const APP_TLS_PHASES: readonly AppTlsPhase[] = ['mtls-off', 'certificates-issued', 'mtls-on'];

export interface ResolvedAppTls {
  readonly phase: AppTlsPhase;
  /** Whether applications are told to use their certificates (`MTLS_ENABLED`). */
  readonly enabled: boolean;
  /** The workloads with application TLS, as declared (kept in phase `mtls-off`, whose certificates are not emitted). */
  readonly workloads: readonly { readonly name: string; readonly namespace: string; readonly tls: AppTlsProps }[];
}

/**
 * Applies the migration phase of application TLS: in `mtls-off` no certificate is issued; before
 * `mtls-on` the meshed namespaces of TLS workloads are PERMISSIVE (plaintext callers keep working while
 * applications switch), where the definition does not set their mode itself.
 */
export function expandAppTls(x: Expansion, a: AppTlsMigrationProps | undefined): ResolvedAppTls {
  const phase = a?.phase ?? 'mtls-on';
  if (a?.currentPhase !== undefined) {
    const from = APP_TLS_PHASES.indexOf(a.currentPhase);
    const to = APP_TLS_PHASES.indexOf(phase);
    if (to > from + 1) {
      x.problems.add('appTls.phase', `cannot go from "${a.currentPhase}" to "${phase}": apply "${APP_TLS_PHASES[from + 1]}" first (services must have their certificates before they require mutual TLS)`);
    } else if (to < from) {
      x.problems.add('appTls.phase', `"${phase}" is behind the current phase "${a.currentPhase}"; the migration only moves forward one phase at a time`);
    }
  }
  const workloads = (x.props.workloads ?? []).filter((w) => w.tls).map((w) => ({ name: w.name, namespace: w.namespace, tls: withTlsPreset(w.tls as AppTlsProps) }));
  // The container the synthesized wiring patches (wiring-files.ts): a container name is a DNS-1123 label.
  (x.props.workloads ?? []).forEach((w, i) => {
    if (w.tls?.container !== undefined) x.check(`workloads[${i}].tls.container`, dns1123LabelError(w.tls.container));
  });
  warnSingleCaTrust(x);
  if (phase === 'mtls-off') x.mapWorkloads((w) => (w.tls ? { ...w, tls: undefined } : w));
  if (phase !== 'mtls-on' && x.istio) {
    for (const name of new Set(workloads.map((w) => w.namespace))) {
      const ns = x.namespace(name);
      if (!ns || ns.managed === false || ns.sidecarInjection === false || ns.mtls !== undefined) continue;
      const permissive: NamespaceProps = { ...ns, mtls: 'PERMISSIVE' };
      x.replaceNamespace(permissive);
    }
  }
  return { phase, enabled: phase === 'mtls-on', workloads };
}

/**
 * Workloads with application TLS when the trust bundle is off (workloads live in managed namespaces,
 * which all get the bundle otherwise): AppTls.bind then points their CA file at the Secret's own
 * `ca.crt`, the one CA that issued it, so a root CA rotation breaks their handshakes (lib/pki/trust-source.ts).
 */
function warnSingleCaTrust(x: Expansion): void {
  if (x.props.pki?.trustBundle !== false) return;
  (x.props.workloads ?? []).forEach((w, i) => {
    if (w.tls) x.warn(`workloads[${i}].tls`, 'trusts only the CA in its own Secret\'s ca.crt because pki.trustBundle is off: a root CA rotation would break its handshakes (rotate plan refuses); turn the trust bundle on');
  });
}
