import { capEchoes } from '../../lib/model/echo';
import { resolveMesh, SecureMeshError, type Problem } from '../../lib';

/**
 * Bad definitions, each with the exact problems it must produce: the field path and a message
 * that says what to do. Every problem is reported at once, and nothing is returned.
 */
type Mutation = (d: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

const base = () => ({
  namespaces: [{ name: 'shop' }, { name: 'pay' }, { name: 'legacy', managed: false }],
  workloads: [
    { name: 'web', namespace: 'shop', ports: [{ name: 'http', port: 8080 }] },
    { name: 'api', namespace: 'shop', ports: [{ name: 'http', port: 9000 }], ingress: [{ from: { workload: 'web' } }] },
  ],
}) as any; // eslint-disable-line @typescript-eslint/no-explicit-any

const cases: [string, Mutation, Problem[]][] = [
  ['misspelled workload', d => { d.workloads[1].ingress[0].from = { workload: 'wbe' }; return d; }, [{"path": "workloads[1].ingress[0].from.workload", "message": "unknown workload \"wbe\" in namespace \"shop\" \u2014 did you mean \"web\"?"}]],
  ['workload in other ns', d => { d.workloads[1].ingress[0].from = { workload: 'api', namespace: 'pay' }; return d; }, [{"path": "workloads[1].ingress[0].from.workload", "message": "unknown workload \"api\" in namespace \"pay\"; a workload of that name exists in namespace \"shop\": add namespace: \"shop\""}]],
  ['unknown namespace', d => { d.workloads[0].namespace = 'shopp'; return d; }, [{"path": "workloads[0].namespace", "message": "unknown namespace \"shopp\"; declare it under namespaces \u2014 did you mean \"shop\"?"}, {"path": "workloads[1].ingress[0].from.workload", "message": "unknown workload \"web\" in namespace \"shop\"; a workload of that name exists in namespace \"shopp\": add namespace: \"shopp\""}]],
  ['unmanaged ns workload', d => { d.workloads[0].namespace = 'legacy'; return d; }, [{"path": "workloads[0].namespace", "message": "namespace \"legacy\" is not managed (managed: false); workloads must live in managed namespaces"}, {"path": "workloads[1].ingress[0].from.workload", "message": "unknown workload \"web\" in namespace \"shop\"; a workload of that name exists in namespace \"legacy\": add namespace: \"legacy\""}]],
  ['dup ns', d => { d.namespaces.push({ name: 'shop' }); return d; }, [{"path": "namespaces[3].name", "message": "namespace \"shop\" is declared twice"}]],
  ['dup workload', d => { d.workloads.push({ name: 'web', namespace: 'shop' }); return d; }, [{"path": "workloads[2].name", "message": "workload \"web\" is declared twice in namespace \"shop\""}]],
  ['port range', d => { d.workloads[0].ports[0].port = 70000; return d; }, [{"path": "workloads[0].ports[0].port", "message": "70000 is not a port number (1-65535)"}]],
  ['port zero', d => { d.workloads[0].ports[0].port = 0; return d; }, [{"path": "workloads[0].ports[0].port", "message": "0 is not a port number (1-65535)"}]],
  ['bad ns name', d => { d.namespaces[0].name = 'Shop_1'; d.workloads = []; return d; }, [{"path": "namespaces[0].name", "message": "\"Shop_1\" is not a valid name: use lower-case letters, digits and \"-\", starting and ending with a letter or digit (DNS-1123 label)"}]],
  ['bad workload name', d => { d.workloads[0].name = 'web.v1'; return d; }, [{"path": "workloads[0].name", "message": "\"web.v1\" is not a valid name: use lower-case letters, digits and \"-\", starting and ending with a letter or digit (DNS-1123 label)"}, {"path": "workloads[1].ingress[0].from.workload", "message": "unknown workload \"web\" in namespace \"shop\""}]],
  ['paths on tcp', d => { d.workloads[1].ports[0] = { name: 'tcp', port: 9000 }; d.workloads[1].ingress[0].paths = ['/x']; return d; }, [{"path": "workloads[1].ingress[0].paths", "message": "paths apply only to HTTP ports, and port 9000 of workload \"api\" is TCP; set protocol: \"HTTP\" on the port or name it \"http-...\""}]],
  ['paths on https', d => { d.workloads[1].ports[0] = { name: 'https', port: 9000 }; d.workloads[1].ingress[0].paths = ['/x']; return d; }, [{"path": "workloads[1].ingress[0].paths", "message": "paths apply only to HTTP ports, and port 9000 of workload \"api\" is HTTPS (the sidecar sees encrypted bytes and cannot read paths)"}]],
  ['renewBefore >= duration', d => { d.pki = { certificateDefaults: { duration: '24h', renewBefore: '24h' } }; return d; }, [{"path": "pki.certificateDefaults.renewBefore", "message": "\"24h\" must be shorter than the duration \"24h\" (cert-manager would ignore it and renew at 2/3 of the lifetime)"}]],
  ['duration < 1h', d => { d.pki = { certificateDefaults: { duration: '30m', renewBefore: '10m' } }; return d; }, [{"path": "pki.certificateDefaults.duration", "message": "\"30m\" is below cert-manager's minimum of 1h"}]],
  ['duration days', d => { d.pki = { certificateDefaults: { duration: '90d' } }; return d; }, [{"path": "pki.certificateDefaults.duration", "message": "\"90d\" is not a Go duration; write hours, e.g. \"2160h\""}]],
  ['leaf > CA', d => { d.pki = { intermediate: { duration: '720h', renewBefore: '24h' } }; return d; }, [{"path": "pki.intermediate.duration", "message": "\"720h\" is shorter than the certificates it signs, 2160h (default of pki.certificateDefaults.duration); a certificate must not outlive its issuer"}]],
  ['intermediate > root', d => { d.pki = { root: { type: 'selfSigned', commonName: 'r', duration: '4380h' } }; return d; }, [{"path": "pki.root.duration", "message": "\"4380h\" is shorter than the intermediate CA it signs, 8760h (default of pki.intermediate.duration); a certificate must not outlive its issuer"}]],
  ['rsa 1024', d => { d.pki = { certificateDefaults: { privateKey: { algorithm: 'RSA', size: 1024 } } }; return d; }, [{"path": "pki.certificateDefaults.privateKey.size", "message": "RSA keys must be 2048 to 8192 bits (got 1024); weaker keys are refused"}]],
  ['ecdsa 255', d => { d.pki = { certificateDefaults: { privateKey: { algorithm: 'ECDSA', size: 255 } } }; return d; }, [{"path": "pki.certificateDefaults.privateKey.size", "message": "ECDSA keys must be 256, 384 or 521 bits (got 255)"}]],
  ['bad enum', d => { d.istio = { mtls: 'STRCT' }; return d; }, [{"path": "istio.mtls", "message": "must be one of \"STRICT\", \"PERMISSIVE\", \"DISABLE\" (got \"STRCT\") \u2014 did you mean \"STRICT\"?"}]],
  ['bad isolation', d => { d.namespaces[0].isolation = 'pod'; return d; }, [{"path": "namespaces[0].isolation", "message": "must be one of \"workload\", \"namespace\", \"none\" (got \"pod\")"}]],
  ['unknown key', d => { d.workloads[0].prots = []; return d; }, [{"path": "workloads[0].prots", "message": "unknown field \u2014 did you mean \"ports\"?"}]],
  ['missing ns', d => { delete d.workloads[0].namespace; return d; }, [{"path": "workloads[0].namespace", "message": "is required"}]],
  ['cidr no mask', d => { d.workloads[1].ingress[0].from = { cidr: '10.1.2.3' }; return d; }, [{"path": "workloads[1].ingress[0].from.cidr", "message": "\"10.1.2.3\" has no prefix length; did you mean \"10.1.2.3/32\"?"}]],
  ['bad cidr', d => { d.workloads[1].ingress[0].from = { cidr: '10.1.2.300/8' }; return d; }, [{"path": "workloads[1].ingress[0].from.cidr", "message": "\"10.1.2.300/8\" is not a CIDR block such as \"10.0.0.0/8\""}]],
  ['unknown port name', d => { d.workloads[1].ingress[0].ports = ['htp']; return d; }, [{"path": "workloads[1].ingress[0].ports[0]", "message": "workload \"api\" has no port named \"htp\" \u2014 did you mean \"http\"?"}]],
  ['undeclared port', d => { d.workloads[1].ingress[0].ports = [9001]; return d; }, [{"path": "workloads[1].ingress[0].ports[0]", "message": "9001 is not a port of workload \"api\" (declared: 9000)"}]],
  ['empty from', d => { d.workloads[1].ingress[0].from = []; return d; }, [{"path": "workloads[1].ingress[0].from", "message": "must name at least one caller"}]],
  ['prometheus w/o monitoring', d => { d.workloads[1].ingress[0].from = { system: 'prometheus' }; return d; }, [{"path": "workloads[1].ingress[0].from.system", "message": "Prometheus is a caller only when monitoring is on; set monitoring: {}"}]],
  ['egress to managed', d => { d.workloads[0].egress = [{ to: { namespace: 'shop' } }]; return d; }, [{"path": "workloads[0].egress[0].to.namespace", "message": "\"shop\" is managed by this definition; let its workloads admit this one with ingress rules instead"}]],
  ['istio off + injection', d => { d.istio = false; d.namespaces[0].sidecarInjection = true; return d; }, [{"path": "namespaces[0].sidecarInjection", "message": "Istio is off (istio: false); remove sidecarInjection or turn Istio on"}, {"path": "workloads[0].sidecar", "message": "Istio is off (istio: false); a workload cannot run a sidecar"}, {"path": "workloads[1].sidecar", "message": "Istio is off (istio: false); a workload cannot run a sidecar"}]],
  ['bad path', d => { d.workloads[1].ingress[0].paths = ['api/*']; return d; }, [{"path": "workloads[1].ingress[0].paths[0]", "message": "\"api/*\" must start with \"/\""}]],
  ['wildcard middle', d => { d.workloads[1].ingress[0].paths = ['/a*b']; return d; }, [{"path": "workloads[1].ingress[0].paths[0]", "message": "\"/a*b\": a wildcard may only stand at the start or the end"}]],
  ['label value', d => { d.workloads[0].selector = { app: 'x'.repeat(70) }; return d; }, [{"path": "workloads[0].selector.app", "message": "label value \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" is longer than 63 characters"}]],
  ['empty selector', d => { d.workloads[0].selector = {}; return d; }, [{"path": "workloads[0].selector", "message": "must select the workload with at least one label (an empty selector selects every pod)"}]],
  ['bad type', d => { d.workloads[0].ports[0].port = '8080'; return d; }, [{"path": "workloads[0].ports[0].port", "message": "must be an integer (got string \"8080\")"}]],
  ['not object', () => 42, [{"path": "", "message": "must be an object (got number 42)"}]],
  ['root ns managed', d => { d.namespaces.push({ name: 'istio-system' }); return d; }, [{"path": "namespaces[3].name", "message": "\"istio-system\" is Istio's root namespace: policies there apply mesh-wide; declare it with managed: false"}]],
  ['dup secret', d => { d.workloads[0].tls = { secretName: 's' }; d.workloads[1].tls = { secretName: 's' }; return d; }, [{"path": "workloads[1].tls.secretName", "message": "Secret \"s\" is already used by workload \"web\" (workloads[0].tls.secretName); every service needs its own certificate"}]],
  ['vault bad url', d => { d.pki = { root: { type: 'vault', server: 'vault:8200', path: 'pki/sign/x', auth: { role: 'r' }, caSecretName: 'vault-ca' } }; return d; }, [{"path": "pki.root.server", "message": "\"vault:8200\" is not an http(s) URL such as \"https://vault.example.com:8200\""}]],
  ['multiple problems', d => { d.workloads[0].namespace = 'nope'; d.workloads[1].ingress[0].from = { workload: 'webb' }; d.istio = { mtls: 'STRICT', rootNamespace: 'Istio' }; return d; }, [{"path": "istio.rootNamespace", "message": "\"Istio\" is not a valid name: use lower-case letters, digits and \"-\", starting and ending with a letter or digit (DNS-1123 label)"}, {"path": "workloads[0].namespace", "message": "unknown namespace \"nope\"; declare it under namespaces"}, {"path": "workloads[1].ingress[0].from.workload", "message": "unknown workload \"webb\" in namespace \"shop\""}]],
];

describe('bad definitions', () => {
  test('the base definition is valid', () => {
    expect(() => resolveMesh(base())).not.toThrow();
  });

  test.each(cases)('%s', (_name, mutate, expected) => {
    let error: unknown;
    try {
      resolveMesh(mutate(base()));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecureMeshError);
    expect((error as SecureMeshError).problems).toEqual(expected);
    // The message lists every problem with its path, and carries no stack-trace noise.
    // Values longer than 64 characters are shown cut, with their length (lib/model/echo.ts).
    for (const p of expected) expect((error as SecureMeshError).message).toContain(capEchoes(p.message));
  });
});
