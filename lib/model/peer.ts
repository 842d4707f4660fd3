import type { CidrPeerSpec, NamespacePeerSpec, SystemPeerName, SystemPeerSpec, WorkloadPeerSpec } from './definition';

/**
 * Factories for the callers that ingress rules name. They return plain objects, so a definition
 * stays plain data (and a mesh file can write the same objects directly).
 */
export class Peer {
  /** A workload of this definition; `namespace` defaults to the namespace of the rule's workload. */
  public static workload(name: string, namespace?: string): WorkloadPeerSpec {
    return namespace === undefined ? { workload: name } : { workload: name, namespace };
  }

  /** Every pod of a namespace. */
  public static namespace(name: string): NamespacePeerSpec {
    return { namespace: name };
  }

  /** An IPv4 or IPv6 block, e.g. `10.0.0.0/8`, with optional exceptions. */
  public static cidr(cidr: string, except?: readonly string[]): CidrPeerSpec {
    return except === undefined ? { cidr } : { cidr, except };
  }

  /** A well-known platform caller: `prometheus`, `knative-serving` or `istio-ingressgateway`. */
  public static system(name: SystemPeerName): SystemPeerSpec {
    return { system: name };
  }

  private constructor() {}
}
