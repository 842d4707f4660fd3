import type { ModelMeshContainerTls } from '../integrations/modelmesh/container-tls';
import type { K8sObject } from '../k8s-object';

/** One step of a rotation: apply its manifests, wait for what the description says, then go on. */
export interface RotationStep {
  /** 1-based. */
  readonly number: number;
  readonly title: string;
  readonly description: string;
  /** What to apply at this step: every object the definition synthesizes at this step. */
  readonly manifests: K8sObject[];
  /**
   * Consumers whose handshakes this step breaks, each naming its definition field (e.g. a consumer that
   * trusts a single CA during a root CA rotation).
   * @default - none
   */
  readonly warnings?: readonly string[];
  /**
   * For `modelmesh`: the ModelMesh container's TLS env vars, Secret volumes and mounts at this step.
   * ModelMesh Serving v0.12.0 does not set MM_INTERNAL_TRUST_CERTS itself, so these go into the
   * runtime Deployment (patch) by hand or by your own tooling.
   * @default - none
   */
  readonly container?: ModelMeshContainerTls;
}
