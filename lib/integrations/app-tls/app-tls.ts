import type { Container, Deployment } from 'cdk8s-plus-28';
import type { SecureMesh } from '../../mesh/secure-mesh';
import { appTlsBinding, bindAppTls, type AppTlsBinding } from './bind';

/**
 * Binds a workload's application-level certificate (`workloads[].tls`) to a cdk8s-plus Deployment:
 * the Secret mounted read-only at `tls.mountPath`, the env vars (`MTLS_ENABLED` follows the migration
 * phase), the pod labels the mesh's policies select, the service account (its identity), and a
 * Stakater Reloader annotation that rolls the pods when cert-manager renews the Secret.
 */
export class AppTls {
  /** The binding as plain data. */
  public static binding(mesh: SecureMesh, namespace: string, workload: string): AppTlsBinding {
    return appTlsBinding(mesh.mesh, mesh.integrations.appTls, namespace, workload);
  }

  public static bind(mesh: SecureMesh, deployment: Deployment, container: Container, workload: { readonly namespace: string; readonly name: string }): AppTlsBinding {
    const binding = AppTls.binding(mesh, workload.namespace, workload.name);
    bindAppTls(deployment, deployment, container, binding);
    return binding;
  }

  private constructor() {}
}
