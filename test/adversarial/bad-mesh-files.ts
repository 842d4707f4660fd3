/**
 * Hand-picked bad mesh files (YAML as a user writes it) with the exact problem each must report:
 * header and syntax problems (`MeshFileReadError`) and definition problems located in the file.
 */
export interface BadMeshFile {
  readonly name: string;
  readonly yaml: string;
  /** A definition problem: its path (relative to the file), message and line. */
  readonly problem?: { readonly path: string; readonly message: string; readonly line?: number };
  /** Or the file cannot be read as a mesh file at all. */
  readonly readError?: string;
}

const header = 'apiVersion: secure-mesh.io/v1alpha1\nkind: SecureMesh\n';

export const BAD_MESH_FILES: readonly BadMeshFile[] = [
  { name: 'not YAML', yaml: `${header}spec: {namespaces: [}`, readError: 'mesh.yaml:3:21: not valid YAML or JSON: Flow sequence in block collection must be sufficiently indented and end with a ]' },
  { name: 'a list, not a mapping', yaml: '- apiVersion: secure-mesh.io/v1alpha1\n', readError: 'mesh.yaml:1:1: is not a mesh file: expected a mapping with apiVersion: secure-mesh.io/v1alpha1, kind: SecureMesh and spec' },
  { name: 'wrong apiVersion', yaml: 'apiVersion: secure-mesh.io/v1\nkind: SecureMesh\nspec: {}\n', readError: 'mesh.yaml:1:1: apiVersion "secure-mesh.io/v1" is not supported: this version of secure-mesh reads apiVersion: secure-mesh.io/v1alpha1' },
  { name: 'wrong kind', yaml: 'apiVersion: secure-mesh.io/v1alpha1\nkind: Mesh\nspec: {}\n', readError: 'mesh.yaml:2:1: kind "Mesh" is not a mesh file: expected kind: SecureMesh' },
  { name: 'duplicate key', yaml: `${header}spec:\n  namespaces: []\n  namespaces: []\n`, readError: 'mesh.yaml:5:3: not valid YAML or JSON: Map keys must be unique' },
  { name: 'missing spec', yaml: header, problem: { path: 'spec', message: 'is required: the secure-mesh definition', line: 1 } },
  { name: 'unknown header field', yaml: `${header}specs: {}\nspec: {}\n`, problem: { path: 'specs', message: 'unknown field — did you mean "spec"?', line: 3 } },
  { name: 'metadata name with upper case', yaml: `${header}metadata:\n  name: Prod\nspec: {}\n`, problem: { path: 'metadata.name', message: '"Prod" must be a DNS-1123 label (lowercase letters, digits and "-"), as it names the output file', line: 4 } },
  { name: 'port as a quoted string', yaml: `${header}spec:\n  namespaces: [{name: shop}]\n  workloads:\n    - name: api\n      namespace: shop\n      ports:\n        - port: "8080"\n`, problem: { path: 'spec.workloads[0].ports[0].port', message: 'must be an integer (got string "8080")', line: 9 } },
  { name: 'numeric namespace name', yaml: `${header}spec:\n  namespaces:\n    - name: 8080\n`, problem: { path: 'spec.namespaces[0].name', message: 'must be a string (got number 8080)', line: 5 } },
  { name: 'empty from list', yaml: `${header}spec:\n  namespaces: [{name: shop}]\n  workloads:\n    - name: api\n      namespace: shop\n      ingress:\n        - from: []\n`, problem: { path: 'spec.workloads[0].ingress[0].from', message: 'must name at least one caller', line: 9 } },
  { name: 'misspelled workload peer', yaml: `${header}spec:\n  namespaces: [{name: shop}]\n  workloads:\n    - name: web\n      namespace: shop\n    - name: api\n      namespace: shop\n      ingress:\n        - from: {workload: wbe}\n`, problem: { path: 'spec.workloads[1].ingress[0].from.workload', message: 'unknown workload "wbe" in namespace "shop" — did you mean "web"?', line: 11 } },
  { name: 'duration in days', yaml: `${header}spec:\n  pki:\n    certificateDefaults:\n      duration: 90d\n`, problem: { path: 'spec.pki.certificateDefaults.duration', message: '"90d" is not a Go duration; write hours, e.g. "2160h"', line: 6 } },
  { name: 'duration as a number', yaml: `${header}spec:\n  pki:\n    certificateDefaults:\n      duration: 2160\n`, problem: { path: 'spec.pki.certificateDefaults.duration', message: 'must be a string (got number 2160)', line: 6 } },
  { name: 'istio: off (YAML 1.1 boolean) is a string', yaml: `${header}spec:\n  istio: off\n`, problem: { path: 'spec.istio', message: 'must be an object (got string "off")', line: 4 } },
  { name: 'unknown peer kind', yaml: `${header}spec:\n  namespaces: [{name: shop}]\n  workloads:\n    - name: api\n      namespace: shop\n      ingress:\n        - from: {service: web}\n`, problem: { path: 'spec.workloads[0].ingress[0].from', message: 'must have one of the fields "workload", "namespace", "cidr", "system" (got "service")', line: 9 } },
  { name: 'unknown key in a workload', yaml: `${header}spec:\n  namespaces: [{name: shop}]\n  workloads:\n    - name: api\n      namespace: shop\n      replicas: 3\n`, problem: { path: 'spec.workloads[0].replicas', message: 'unknown field (allowed: name, namespace, selector, serviceAccount, serviceName, ports, sidecar, hostNetwork, tls, ingress, egress)', line: 8 } },
  { name: 'null namespace entry', yaml: `${header}spec:\n  namespaces:\n    -\n`, problem: { path: 'spec.namespaces[0]', message: 'must be an object (got null)', line: 5 } },
];
