import type { Container, Workload } from 'cdk8s-plus-28';
import { bindWorkloadIdentity } from '../../mesh/bind-workload';
import type { SecureMesh } from '../../mesh/secure-mesh';
import { appTlsBinding, bindAppTls, type AppTlsBinding } from './bind';

/**
 * Binds a workload's application-level certificate (`workloads[].tls`) to a cdk8s-plus workload:
 * the Secret mounted read-only at `tls.mountPath`, the env vars (`MTLS_ENABLED` follows the migration
 * phase), the pod labels the mesh's policies select, the service account (its identity: set on the pod spec
 * when the workload has none, with the ServiceAccount object added to its chart; a different one is refused), and a
 * Stakater Reloader annotation that rolls the pods when cert-manager renews the Secret.
 * `mesh.bindWorkload(workload, { namespace, name })` does the same for any workload, with or without `tls`.
 */
export class AppTls {
  /** The binding as plain data. */
  public static binding(mesh: SecureMesh, namespace: string, workload: string): AppTlsBinding {
    return appTlsBinding(mesh.mesh, mesh.integrations.appTls, namespace, workload);
  }

  public static bind(mesh: SecureMesh, deployment: Workload, container: Container, workload: { readonly namespace: string; readonly name: string }): AppTlsBinding {
    const binding = AppTls.binding(mesh, workload.namespace, workload.name);
    bindWorkloadIdentity(mesh.mesh, deployment, { namespace: workload.namespace, name: workload.name }, 'AppTls.bind');
    bindAppTls(deployment, deployment, container, binding);
    return binding;
  }

  private constructor() {}
}
