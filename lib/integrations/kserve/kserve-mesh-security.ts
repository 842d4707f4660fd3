import type { Construct } from 'constructs';
import type { SecureMeshProps } from '../../model/definition';
import { SecureMesh } from '../../mesh/secure-mesh';
import type { KServeProps } from './definition';
import { inferenceServiceMetadata } from './inference-service';
import { ingressConfig, type KServeIngressConfig } from './ingress-config';
import type { ResolvedKServe } from './resolve';

export interface KServeMeshSecurityProps extends SecureMeshProps {
  /** The KServe section (required here). */
  readonly kserve: KServeProps;
}

/**
 * A secure mesh with KServe InferenceServices: a `SecureMesh` whose definition has a `kserve`
 * section, so the same objects come from a mesh file. Emits namespace isolation (STRICT
 * PeerAuthentication, AuthorizationPolicies admitting the namespace, the activator and Knative's
 * probe paths), NetworkPolicies, the optional strict mesh-wide DestinationRules, the Knative gateway
 * patch, `kserve-local-gateway` with its certificate, and the `inferenceservice-config` `ingress` key.
 */
export class KServeMeshSecurity extends SecureMesh {
  /** The resolved KServe section. */
  public readonly kserve: ResolvedKServe;

  public constructor(scope: Construct, id: string, props: KServeMeshSecurityProps) {
    super(scope, id, props);
    this.kserve = this.integrations.kserve as ResolvedKServe;
  }

  /** The `ingress` key of `inferenceservice-config`, as KServe parses it. */
  public get ingressConfig(): KServeIngressConfig {
    return ingressConfig(this.kserve);
  }

  /** Labels and annotations for an InferenceService you write yourself (injection label, burst capacity). */
  public inferenceServiceMetadata(namespace: string, name: string): { labels: Record<string, string>; annotations: Record<string, string> } {
    const isvc = this.kserve.inferenceServices.find((s) => s.namespace === namespace && s.name === name);
    if (!isvc) throw new Error(`InferenceService "${namespace}/${name}" is not in the kserve section`);
    return inferenceServiceMetadata(isvc);
  }
}
