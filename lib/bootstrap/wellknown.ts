/**
 * Facts the Helm bootstrap relies on, each with its source. Versions, chart repositories and chart
 * names are not here: they live in `lib/versions.ts`, shared with the CRD import.
 */

/**
 * Seconds Helm waits for a release's resources to become ready before an atomic install rolls back.
 * Helm's (and the helm provider's) default is 300 s; cert-manager's webhook and istiod on a cold node
 * (image pulls, webhook CA injection) regularly need longer, and a rollback at 300 s leaves nothing
 * to debug.
 */
export const DEFAULT_TIMEOUT_SECONDS = 600;

/** Where the helm provider finds the cluster when nothing else is said (the kubectl default). */
export const DEFAULT_KUBECONFIG_PATH = '~/.kube/config';

/**
 * Release name of the ingress gateway. Istio's `gateway` chart (1.30.3, `templates/_helpers.tpl`)
 * labels the pods `istio: <release name without the "istio-" prefix>`, so this name yields the
 * `istio: ingressgateway` label the AuthorizationPolicies admit (`lib/istio/wellknown.ts`).
 */
export const INGRESS_GATEWAY_RELEASE = 'istio-ingressgateway';

/**
 * KServe v0.20.0 deployment modes (`pkg/constants/constants.go`; v0.20 renamed Serverless → Knative
 * and RawDeployment → Standard). The chart's own default is Knative (`controller.deploymentMode`).
 */
export const KSERVE_DEPLOYMENT_MODES = ['Knative', 'Standard', 'ModelMesh'] as const;
export const DEFAULT_KSERVE_DEPLOYMENT_MODE = 'Knative';

/**
 * The local Terraform state, relative to the directory terraform runs in
 * (`cdktf.out/stacks/<stack>`): the project root, where the cdktf CLI keeps it by default
 * (`terraform.<stack>.tfstate`), but without the absolute path cdktf would write, so the
 * synthesized JSON is the same on every machine.
 */
export function defaultStatePath(stackName: string): string {
  return `../../../terraform.${stackName}.tfstate`;
}
