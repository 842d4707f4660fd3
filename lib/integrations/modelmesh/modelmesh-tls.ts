import { ApiObject, JsonPatch } from 'cdk8s';
import { ConfigMap, EnvValue, Secret, Volume, type Container, type Deployment } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { SecureMeshProps } from '../../model/definition';
import { SecureMesh } from '../../mesh/secure-mesh';
import { modelMeshContainerTls, modelMeshRotationPlan, modelMeshTlsFiles, type ModelMeshContainerTls, type ModelMeshRotationStepPlan } from './container-tls';
import type { ModelMeshProps } from './definition';
import type { ResolvedModelMesh } from './resolve';
import { RELOADER_CONFIGMAP_ANNOTATION, RELOADER_SECRET_ANNOTATION } from '../app-tls/wellknown';
import { CONTAINER_SECURITY_CONTEXT } from './wellknown';

export interface ModelMeshTlsProps extends SecureMeshProps {
  /** The ModelMesh section (required here). */
  readonly modelmesh: ModelMeshProps;
}

/**
 * ModelMesh Serving TLS from a secure-mesh definition with a `modelmesh` section: PKCS8 certificates
 * in the controller and runtime namespaces, `model-serving-config`, the runtimes' ServiceAccount and
 * network policy. For ModelMesh containers you manage yourself, `bind()` adds the `MM_TLS_*` env
 * vars, the Secret mounts of the synthesized rotation step, and the restricted security context.
 */
export class ModelMeshTls extends SecureMesh {
  public readonly modelmesh: ResolvedModelMesh;

  public constructor(scope: Construct, id: string, props: ModelMeshTlsProps) {
    super(scope, id, props);
    this.modelmesh = this.integrations.modelmesh as ResolvedModelMesh;
  }

  /** Env vars and mounts of the synthesized step (the rotation's `step`, or steady state). */
  public containerTls(): ModelMeshContainerTls {
    return modelMeshContainerTls(modelMeshTlsFiles(this.modelmesh, this.mesh), this.modelmesh.rotation?.step ?? 0);
  }

  /** The three rotation steps, in order. */
  public rotationPlan(): ModelMeshRotationStepPlan[] {
    return modelMeshRotationPlan(modelMeshTlsFiles(this.modelmesh, this.mesh));
  }

  /**
   * Applies the TLS env vars, Secret volumes, the trust bundle volume, the security context (drop ALL, non-root) and a Stakater
   * Reloader annotation (restart on renewal) to a container of a Deployment.
   */
  public bind(deployment: Deployment, container: Container): void {
    const tls = this.containerTls();
    // ModelMesh (Java/netty) loads its key pair at start: roll the pods when cert-manager renews a Secret.
    deployment.metadata.addAnnotation(RELOADER_SECRET_ANNOTATION, tls.volumes.map((v) => v.secretName).join(','));
    for (const e of tls.env) container.env.addVariable(e.name, EnvValue.fromValue(e.value));
    for (const v of tls.volumes) {
      const mount = tls.volumeMounts.find((m) => m.name === v.name);
      const volume = Volume.fromSecret(deployment, `${v.name}-volume`, Secret.fromSecretName(deployment, `${v.name}-secret`, v.secretName), { name: v.name });
      if (mount) container.mount(mount.mountPath, volume, { readOnly: true });
    }
    if (tls.trustBundle) {
      const b = tls.trustBundle;
      // The bundle changes at each CA rotation step and netty reads trust once: roll the pods then too.
      deployment.metadata.addAnnotation(RELOADER_CONFIGMAP_ANNOTATION, b.configMap);
      const volume = Volume.fromConfigMap(deployment, `${b.volume}-volume`, ConfigMap.fromConfigMapName(deployment, `${b.volume}-configmap`, b.configMap),
        { name: b.volume, items: { [b.key]: { path: b.file.slice(b.mountPath.length + 1) } } });
      container.mount(b.mountPath, volume, { readOnly: true });
    }
    // cdk8s-plus has no capabilities setting: patch the container's securityContext at synthesis.
    const index = deployment.containers.indexOf(container);
    ApiObject.of(deployment).addJsonPatch(
      JsonPatch.add(`/spec/template/spec/containers/${index}/securityContext/capabilities`, { drop: [...CONTAINER_SECURITY_CONTEXT.capabilities.drop] }),
      JsonPatch.add(`/spec/template/spec/containers/${index}/securityContext/runAsNonRoot`, CONTAINER_SECURITY_CONTEXT.runAsNonRoot),
      JsonPatch.add(`/spec/template/spec/containers/${index}/securityContext/allowPrivilegeEscalation`, CONTAINER_SECURITY_CONTEXT.allowPrivilegeEscalation),
    );
  }
}
