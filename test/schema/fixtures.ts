/** One valid object per kind the schema validator knows; tests derive invalid variants from these. */
import { K8sObject } from '../../lib/k8s-object';

const ns = 'payments';
const labels = { 'app.kubernetes.io/name': 'api', app: 'api' };
const podTemplate = {
  metadata: { labels },
  spec: {
    serviceAccountName: 'api',
    containers: [
      {
        name: 'api',
        image: 'registry.example.com/api:1.2.3',
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.1, memory: '64Mi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
      },
    ],
  },
};

export const VALID: Readonly<Record<string, K8sObject>> = {
  'cert-manager.io/v1/Certificate': {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'api-tls', namespace: ns, labels },
    spec: {
      secretName: 'api-tls',
      issuerRef: { name: 'mesh-ca', kind: 'Issuer', group: 'cert-manager.io' },
      dnsNames: ['api.payments.svc', 'api.payments.svc.cluster.local'],
      duration: '2160h',
      renewBefore: '360h',
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
      usages: ['server auth', 'client auth'],
    },
  },
  'cert-manager.io/v1/Issuer': {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    metadata: { name: 'mesh-ca', namespace: ns },
    spec: { ca: { secretName: 'mesh-ca-root' } },
  },
  'cert-manager.io/v1/ClusterIssuer': {
    apiVersion: 'cert-manager.io/v1',
    kind: 'ClusterIssuer',
    metadata: { name: 'selfsigned' },
    spec: { selfSigned: {} },
  },
  'trust.cert-manager.io/v1alpha1/Bundle': {
    apiVersion: 'trust.cert-manager.io/v1alpha1',
    kind: 'Bundle',
    metadata: { name: 'mesh-roots' },
    spec: {
      sources: [{ useDefaultCAs: true }, { secret: { name: 'mesh-ca-root', key: 'ca.crt' } }],
      target: { configMap: { key: 'ca-certificates.crt' } },
    },
  },
  'security.istio.io/v1/PeerAuthentication': {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'api', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { '8080': { mode: 'PERMISSIVE' } },
    },
  },
  'security.istio.io/v1/AuthorizationPolicy': {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'api-allow', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      action: 'ALLOW',
      rules: [
        {
          from: [{ source: { principals: ['cluster.local/ns/web/sa/frontend'] } }, { source: { serviceAccounts: ['web/frontend'] } }],
          to: [{ operation: { ports: ['8080'], methods: ['GET', 'POST'], paths: ['/api/*'] } }],
        },
      ],
    },
  },
  'networking.istio.io/v1/DestinationRule': {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'api', namespace: ns },
    spec: {
      host: 'api.payments.svc.cluster.local',
      workloadSelector: { matchLabels: { app: 'web' } },
      trafficPolicy: {
        tls: { mode: 'ISTIO_MUTUAL' },
        connectionPool: { tcp: { connectTimeout: '5s', maxConnections: 100 }, http: { idleTimeout: '30s', http2MaxRequests: 1000 } },
        outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s' },
      },
      subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { connectionPool: { http: { idleTimeout: '1m' } } } }],
    },
  },
  'networking.istio.io/v1/Gateway': {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'ingress', namespace: 'istio-ingress' },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['payments/api.example.com'], tls: { mode: 'SIMPLE', credentialName: 'api-cert' } },
        { port: { number: 8443, name: 'https-2', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'MUTUAL', credentialNames: ['a-cert', 'b-cert'] } },
      ],
    },
  },
  'networking.istio.io/v1/Sidecar': {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Sidecar',
    metadata: { name: 'default', namespace: ns },
    spec: {
      workloadSelector: { labels: { app: 'api' } },
      egress: [{ hosts: ['./*', 'istio-system/*'] }],
      outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
    },
  },
  'monitoring.coreos.com/v1/PrometheusRule': {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'cert-expiry', namespace: 'monitoring' },
    spec: {
      groups: [
        {
          name: 'certificates',
          rules: [
            {
              alert: 'CertificateExpiringSoon',
              expr: 'certmanager_certificate_expiration_timestamp_seconds - time() < 7 * 24 * 3600',
              for: '10m',
              labels: { severity: 'warning' },
              annotations: { summary: 'certificate expires within 7 days' },
            },
          ],
        },
      ],
    },
  },
  'serving.kserve.io/v1beta1/InferenceService': {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'fraud-model', namespace: 'models' },
    spec: {
      predictor: {
        minReplicas: 1,
        model: { modelFormat: { name: 'sklearn' }, storageUri: 's3://models/fraud/v3', resources: { limits: { cpu: '1', memory: '2Gi' } } },
      },
    },
  },
  'v1/Namespace': { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } },
  'networking.k8s.io/v1/NetworkPolicy': {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'api-ingress', namespace: ns },
    spec: {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 'dns', protocol: 'UDP' }] }],
    },
  },
  'v1/ConfigMap': { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-config', namespace: ns }, data: { 'config.yaml': 'a: 1\n' } },
  'v1/Secret': { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-secret', namespace: ns }, type: 'Opaque', stringData: { token: 'x' } },
  'v1/Service': {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api', namespace: ns },
    spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'grpc', port: 9090, targetPort: 9090 }] },
  },
  'v1/ServiceAccount': { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: ns } },
  'apps/v1/Deployment': {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: ns, labels },
    spec: { replicas: 2, selector: { matchLabels: labels }, template: podTemplate, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } } },
  },
  'apps/v1/DaemonSet': {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: ns },
    spec: { selector: { matchLabels: labels }, template: podTemplate },
  },
  'apps/v1/StatefulSet': {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: ns },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: labels },
      template: podTemplate,
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    },
  },
  'v1/Pod': { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: ns }, spec: podTemplate.spec },
  'batch/v1/Job': {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: ns },
    spec: { backoffLimit: 2, template: { spec: { ...podTemplate.spec, restartPolicy: 'Never' } } },
  },
  'batch/v1/CronJob': {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'rotate', namespace: ns },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { ...podTemplate.spec, restartPolicy: 'OnFailure' } } } } },
  },
  'rbac.authorization.k8s.io/v1/Role': {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader', namespace: ns },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
  },
  'rbac.authorization.k8s.io/v1/RoleBinding': {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'reader', namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: ns }],
  },
  'rbac.authorization.k8s.io/v1/ClusterRole': {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'system:secure-mesh:reader' },
    rules: [{ apiGroups: ['security.istio.io'], resources: ['peerauthentications'], verbs: ['get'] }],
  },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'system:secure-mesh:reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:secure-mesh:reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: ns }],
  },
  'networking.k8s.io/v1/Ingress': {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'api', namespace: ns },
    spec: {
      ingressClassName: 'istio',
      tls: [{ hosts: ['api.example.com'], secretName: 'api-cert' }],
      rules: [{ host: 'api.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }],
    },
  },
  'policy/v1/PodDisruptionBudget': {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'api', namespace: ns },
    spec: { minAvailable: 1, selector: { matchLabels: labels } },
  },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'api', namespace: ns },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    },
  },
  'autoscaling/v1/HorizontalPodAutoscaler': {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'api', namespace: ns },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 80 },
  },
  'apps/v1/ReplicaSet': {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'api-1', namespace: ns },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: podTemplate },
  },
  'v1/ReplicationController': {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'legacy', namespace: ns },
    spec: { replicas: 1, selector: labels, template: podTemplate },
  },
};

/**
 * The older versions Istio still serves with the same schema as v1 (networking.istio.io v1alpha3 and v1beta1,
 * security.istio.io v1beta1; istio-1.30.3 CRDs): the v1 fixture under each.
 */
const OLDER_SERVED: readonly [string, string][] = [
  ...['DestinationRule', 'Gateway', 'Sidecar'].flatMap((kind) => ['v1alpha3', 'v1beta1'].map((v): [string, string] => [`networking.istio.io/v1/${kind}`, `networking.istio.io/${v}`])),
  ...['AuthorizationPolicy', 'PeerAuthentication'].map((kind): [string, string] => [`security.istio.io/v1/${kind}`, 'security.istio.io/v1beta1']),
];
for (const [key, apiVersion] of OLDER_SERVED) {
  const obj = VALID[key];
  (VALID as Record<string, K8sObject>)[`${apiVersion}/${obj.kind}`] = { ...structuredClone(obj), apiVersion };
}

/** A deep copy of the valid fixture for `key`, to mutate in a test. */
export function valid(key: string): any {
  const obj = VALID[key];
  if (!obj) throw new Error(`no fixture ${key}`);
  return structuredClone(obj);
}
