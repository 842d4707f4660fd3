import type { K8sObject } from '../k8s-object';
import { formatDuration } from '../model/duration';
import type { ResolvedMesh } from '../model/resolved';
import { PROMETHEUS_RULE } from '../mesh/kinds';
import { meta } from '../mesh/metadata';
import { plainManifest } from '../mesh/plain-manifest';

/**
 * `<name>-certificate-alerts`: cert-manager's metrics (v1.21.1, `internal/collectors`) turned into
 * two alerts, named as in the mTLS guide we were specified from (seed 004: CertificateExpiringSoon,
 * CertificateRenewalFailed). The expiry timestamp is 0 while a certificate has no `status.notAfter`, so the
 * expression keeps only positive values (otherwise every new certificate would fire).
 */
export function certificateAlerts(mesh: ResolvedMesh): K8sObject | undefined {
  const alerts = mesh.monitoring?.certificateAlerts;
  if (!mesh.monitoring || !alerts) return undefined;
  const within = alerts.expiringWithin;
  return plainManifest(PROMETHEUS_RULE, {
    metadata: meta(`${mesh.name}-certificate-alerts`, mesh.monitoring.prometheus.namespace, mesh.monitoring.ruleLabels),
    spec: {
      groups: [{
        name: 'secure-mesh.certificates',
        rules: [
          {
            alert: 'CertificateExpiringSoon',
            expr: `(certmanager_certificate_expiration_timestamp_seconds > 0) - time() < ${within}`,
            for: '5m',
            labels: { severity: 'warning' },
            annotations: {
              summary: `Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within ${formatDuration(within)}`,
              description: 'cert-manager has not renewed it; check `kubectl describe certificate` and the issuer.',
            },
          },
          {
            // The name seed 004's mTLS guide uses, so dashboards and runbooks written for it keep working.
            alert: 'CertificateRenewalFailed',
            expr: 'certmanager_certificate_ready_status{condition="False"} == 1',
            for: prometheusDuration(alerts.notReadyFor),
            labels: { severity: 'critical' },
            annotations: {
              summary: `Certificate {{ $labels.namespace }}/{{ $labels.name }} has not been Ready for ${prometheusDuration(alerts.notReadyFor)}`,
              description: 'Issuance or renewal is failing; check the Certificate events and cert-manager logs.',
            },
          },
        ],
      }],
    },
  });
}

/**
 * A duration as Prometheus reads `for:` (prometheus/common model.ParseDuration: whole numbers of y, w, d, h, m, s and
 * ms, no fractions): `1500ms` for a Go duration of 1.5s, which `formatDuration` writes as `1.5s` and Prometheus
 * refuses, failing the whole rule group.
 */
function prometheusDuration(seconds: number): string {
  return Number.isInteger(seconds) ? formatDuration(seconds) : `${Math.max(1, Math.round(seconds * 1000))}ms`;
}
