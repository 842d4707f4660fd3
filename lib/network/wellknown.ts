/** Kubernetes networking facts the NetworkPolicy emitter relies on (Kubernetes 1.28). */

/** Label the API server sets on every Namespace (immutable, since 1.21): selects a namespace by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Cluster DNS: CoreDNS keeps the legacy `k8s-app: kube-dns` label in kube-system (kubeadm, EKS, GKE, AKS). */
export const DNS_NAMESPACE = 'kube-system';
export const DNS_POD_LABELS: Readonly<Record<string, string>> = { 'k8s-app': 'kube-dns' };
export const DNS_PORT = 53;
