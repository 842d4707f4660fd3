import { Secret, Volume, type Container, type Deployment } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { SecureMeshProps } from '../../model/definition';
import { SecureMesh } from '../../mesh/secure-mesh';
import { mayastorComponentTls, mayastorHelmValues, type MayastorComponentTls } from './component-tls';
import type { MayastorProps } from './definition';
import type { ResolvedMayastor } from './resolve';

export interface MayastorTlsProps extends SecureMeshProps {
  /** The Mayastor section (required here). */
  readonly mayastor: MayastorProps;
}

/**
 * Mayastor's TLS switch from a secure-mesh definition with a `mayastor` section. On: a self-signed
 * root, a CA Issuer and a Certificate per component (api-rest, agent-core, io-engine, etcd client and
 * peer). Components on the host network (io-engine, csi-node, …) cannot join a sidecar mesh and are
 * left out of mesh policies, but still get their certificates. The chart consumes the result as Helm
 * values (`helmValues()`) and per-component volumes/args (`componentTls()`, `bind()`).
 */
export class MayastorTls extends SecureMesh {
  public readonly mayastor: ResolvedMayastor;

  public constructor(scope: Construct, id: string, props: MayastorTlsProps) {
    super(scope, id, props);
    this.mayastor = this.integrations.mayastor as ResolvedMayastor;
  }

  public componentTls(): MayastorComponentTls[] {
    return mayastorComponentTls(this.mayastor);
  }

  public helmValues(): Record<string, unknown> {
    return mayastorHelmValues(this.mayastor);
  }

  /** The TLS flags of a component, for its container's `args` (cdk8s-plus sets args at construction). */
  public args(workloadName: string): string[] {
    return [...(this.componentTls().find((c) => c.workloadName === workloadName)?.args ?? [])];
  }

  /** Mounts a component's Secret into a container of its Deployment, read-only, with its reload annotation (nothing when TLS is off). */
  public bind(workload: Deployment, container: Container, workloadName: string): void {
    const tls = this.componentTls().find((c) => c.workloadName === workloadName);
    if (!tls) return;
    const volume = Volume.fromSecret(workload, `${workloadName}-tls-volume`, Secret.fromSecretName(workload, `${workloadName}-tls-secret`, tls.secretName), { name: tls.volume.name });
    container.mount(tls.volumeMount.mountPath, volume, { readOnly: true });
    for (const [k, v] of Object.entries(tls.podAnnotations)) workload.podMetadata.addAnnotation(k, v);
    for (const [k, v] of Object.entries(tls.workloadAnnotations)) workload.metadata.addAnnotation(k, v);
  }
}
