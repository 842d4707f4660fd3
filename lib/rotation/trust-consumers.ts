import type { MeshManifests } from '../mesh/synthesize';
import { CONTROLLER_WORKLOAD } from '../integrations/modelmesh/wellknown';
import { bundleConfigMapIn } from '../pki/trust-source';
import { sectionAt } from './definition-edit';

/**
 * Something we wire that verifies certificates issued by the mesh's CA, and what it trusts. A root CA
 * rotation is outage-free for a consumer only if it trusts every root valid during the rotation (the
 * trust bundle); one that trusts its own Secret's `ca.crt` holds a single CA (cert-manager writes the
 * issuing CA there: our intermediate) and fails from step 2 on, when leaves come from the new chain.
 */
export interface TrustConsumer {
  /** The definition field that makes us wire it. */
  readonly path: string;
  /** Who it is, in the user's terms. */
  readonly name: string;
  /** What it trusts. */
  readonly trusts: string;
  /** Whether it trusts both roots during a rotation. */
  readonly holdsTwoRoots: boolean;
  /**
   * What to do about a consumer that cannot trust both roots.
   * @default - turn the trust bundle on for it
   */
  readonly fix?: string;
}

/** Every consumer of the mesh CA that a definition wires, in definition order. */
export function meshCaTrustConsumers(definition: unknown, result: MeshManifests): TrustConsumer[] {
  const { mesh, integrations } = result;
  const consumers: TrustConsumer[] = [];
  const declared = (sectionAt(definition, ['workloads']) ?? []) as readonly { name?: string; namespace?: string }[];
  for (const w of integrations.appTls.workloads) {
    const index = declared.findIndex((d) => d.name === w.name && d.namespace === w.namespace);
    const trust = bundleConfigMapIn(mesh, w.namespace);
    consumers.push({
      path: `workloads[${index}].tls`,
      name: `application TLS of ${w.namespace}/${w.name} (AppTls.bind)`,
      ...(trust.bundle
        ? { trusts: `the trust bundle ConfigMap "${trust.bundle.name}"`, holdsTwoRoots: true }
        : { trusts: `only its Secret's ca.crt, because ${trust.why}`, holdsTwoRoots: false, fix: trust.why.startsWith('pki') ? 'turn pki.trustBundle on' : `declare namespace "${w.namespace}" as managed so it gets the bundle` }),
    });
  }
  const mm = integrations.modelmesh;
  if (mm) {
    const trust = bundleConfigMapIn(mesh, mm.controllerNamespace);
    consumers.push({
      path: 'modelmesh.tls',
      name: `ModelMesh containers bound with ModelMeshTls.bind`,
      ...(trust.bundle
        ? { trusts: `their Secret's tls.crt and ca.crt and the trust bundle ConfigMap "${trust.bundle.name}" (MM_TLS_TRUST_CERT_PATH)`, holdsTwoRoots: true }
        : { trusts: `only their Secret's tls.crt and ca.crt (MM_TLS_TRUST_CERT_PATH), because ${trust.why}`, holdsTwoRoots: false }),
    });
    // ModelMesh Serving v0.12.0 `controllers/modelmesh/tls.go` and `controllers/service_controller.go`.
    consumers.push({
      path: 'modelmesh.tls',
      name: `ModelMesh Serving's runtime pods and its ${CONTROLLER_WORKLOAD} (managed by ModelMesh Serving, not by us)`,
      trusts: `only their Secret "${mm.secretName}" (the controller sets MM_TLS_TRUST_CERT_PATH to its tls.crt and ca.crt, and trusts tls.crt itself)`,
      holdsTwoRoots: false,
      fix: 'restart the controller and every runtime together right after this step (a short outage), or first patch MM_INTERNAL_TRUST_CERTS into the runtimes as "rotate plan --kind modelmesh" shows',
    });
  }
  return consumers;
}

/**
 * What a root CA rotation means for the other TLS we wire, which verifies no mesh-CA certificate itself:
 * the HTTPS kserve-local-gateway (Istio SIMPLE TLS reads only tls.crt/tls.key, istio/api#786) and
 * Mayastor (its own root, see lib/integrations/mayastor/objects.ts).
 */
export function meshCaRotationNotes(result: MeshManifests): string[] {
  const notes: string[] = [];
  const lg = result.integrations.kserve?.localGateway;
  if (lg?.protocol === 'HTTPS') {
    notes.push(`The kserve-local-gateway's certificate (Secret "${lg.credentialName}" in "${lg.namespace}") is re-issued from the new chain in step 2 and served by Istio without a restart; its callers must trust the trust bundle of their namespace, not that Secret's ca.crt.`);
  }
  const mayastor = result.integrations.mayastor;
  if (mayastor?.tls) {
    notes.push(`Mayastor's components trust their own root ("${mayastor.release}-root-ca" in "${mayastor.namespace}"), which this rotation does not change.`);
  }
  return notes;
}
