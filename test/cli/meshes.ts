/** Small mesh files the CLI tests write to temporary directories (one fact each: web alone, api added, api open to web). */
export const SHOP = `apiVersion: secure-mesh.io/v1alpha1
kind: SecureMesh
metadata: { name: shop }
spec:
  namespaces: [{ name: shop }]
  workloads:
    - { name: web, namespace: shop, ports: [{ name: http, port: 8080 }] }
`;

/** The shop with an api nobody may call. */
export const SHOP_WITH_API = `${SHOP}    - { name: api, namespace: shop, ports: [{ name: http, port: 9000 }] }\n`;

/** The shop with an api web may call: one access more than SHOP_WITH_API. */
export const SHOP_WITH_OPEN_API = `${SHOP}    - { name: api, namespace: shop, ports: [{ name: http, port: 9000 }], ingress: [{ from: { workload: web } }] }\n`;
