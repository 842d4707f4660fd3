import { modelMeshContainerTls, modelMeshTlsFiles } from '../integrations/modelmesh/container-tls';
import type { ModelMeshRotationProps, ModelMeshRotationStep } from '../integrations/modelmesh/definition';
import { synthesizeMesh } from '../mesh/synthesize';
import { SecureMeshError } from '../model/errors';
import { sectionAt, withSection } from './definition-edit';
import type { RotationStep } from './step';

export interface ModelMeshRotationOptions {
  /**
   * ClusterIssuer of the new key pair (a new CA: the case that needs the three steps).
   * @default - the mesh's leaf issuer
   */
  readonly newIssuer?: string;
  /**
   * Secret of the new key pair.
   * @default - "<tls.secretName>-next"
   */
  readonly newSecretName?: string;
}

const TITLES: Readonly<Record<ModelMeshRotationStep, string>> = {
  1: 'Trust the new CA on internal links',
  2: 'Switch to the new key pair',
  3: 'Drop the old trust',
};

/**
 * ModelMesh's three-step key rotation with new trust certificates (kserve/modelmesh docs, "Updating and
 * Rotating Private Keys"): 1. add the new CA to MM_INTERNAL_TRUST_CERTS, 2. switch to the new key pair
 * while trusting the old CA, 3. drop the old trust. Built on the ModelMesh integration
 * (`modelmesh.tls.rotation` and `modelMeshContainerTls` in lib/integrations/modelmesh): each step is
 * the definition at that rotation step, its objects, and the ModelMesh container's TLS settings.
 */
export function modelMeshRotationPlan(definition: unknown, options: ModelMeshRotationOptions = {}): RotationStep[] {
  if (sectionAt(definition, ['modelmesh']) === undefined) {
    throw new SecureMeshError([{ path: 'modelmesh', message: 'the definition has no modelmesh section; add one (with tls) to plan a ModelMesh key rotation' }], 'Cannot plan a ModelMesh rotation');
  }
  if (sectionAt(definition, ['modelmesh', 'tls', 'rotation']) !== undefined) {
    throw new SecureMeshError([{ path: 'modelmesh.tls.rotation', message: 'a rotation is already in progress; finish it and remove modelmesh.tls.rotation before planning the next' }], 'Cannot plan a ModelMesh rotation');
  }
  synthesizeMesh(definition); // validates the definition as it is
  return ([1, 2, 3] as const).map((step) => {
    const rotation: ModelMeshRotationProps = {
      step, currentStep: (step - 1) as 0 | ModelMeshRotationStep,
      ...(options.newSecretName ? { newSecretName: options.newSecretName } : {}),
      ...(options.newIssuer ? { newIssuer: options.newIssuer } : {}),
    };
    const result = synthesizeMesh(withSection(definition, ['modelmesh', 'tls', 'rotation'], rotation));
    const modelmesh = result.integrations.modelmesh;
    if (!modelmesh) throw new Error('modelmesh section vanished during synthesis'); // cannot happen: checked above
    const container = modelMeshContainerTls(modelMeshTlsFiles(modelmesh, result.mesh), step);
    const env = container.env.map((e) => `${e.name}=${e.value}`).join(', ');
    return {
      number: step,
      title: TITLES[step],
      description: `Roll the ModelMesh runtime pods with: ${env}. Old and new pods talk during the rolling update; wait until it is complete before the next step. `
        + `Definition: modelmesh.tls.rotation = { step: ${step}, currentStep: ${step - 1} }.`,
      manifests: [...result.objects],
      container,
    };
  });
}
