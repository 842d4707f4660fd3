/**
 * Sample values of `self` for every x-kubernetes-validations rule in the generated schemas: the rule holds on `pass`
 * and fails on `fail`. test/schema/cel-rules.test.ts evaluates them with cel-js, test/schema/cel-fast-path.test.ts
 * with the fast path.
 */
/** rule text → sample values of `self` for which the rule holds / fails. */
export const SAMPLES: Record<string, { pass: unknown[]; fail: unknown[] }> = {
  '(has(self.tpp) ? 1 : 0) + (has(self.cloud) ? 1 : 0) + (has(self.ngts) ? 1 : 0) == 1': {
    pass: [{ zone: 'z', cloud: {} }],
    fail: [{ zone: 'z' }, { zone: 'z', tpp: {}, cloud: {} }],
  },
  "duration(self) >= duration('1ms')": { pass: ['1ms', '5s', '1h30m', '0.5s'], fail: ['0s', '500us'] },
  'self.all(key, !key.contains("*"))': { pass: [{ app: 'x' }, {}], fail: [{ 'a*': 'x' }] },
  'self.all(key, key.size() != 0)': { pass: [{ app: 'x' }], fail: [{ '': 'x' }] },
  '!self.contains("*")': { pass: ['web'], fail: ['web*'] },
  '(has(self.tlsCertificates) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1': {
    pass: [{ credentialNames: ['a'] }, {}],
    fail: [{ credentialNames: ['a'], tlsCertificates: [{}] }],
  },
  '(has(self.credentialName) ? 1 : 0) + (has(self.credentialNames) ? 1 : 0) <= 1': {
    pass: [{ credentialName: 'a' }],
    fail: [{ credentialName: 'a', credentialNames: ['b'] }],
  },
  '(has(self.credentialNames) ? 1 : 0) + (has(self.tlsCertificates) ? 1 : 0) <= 1': {
    pass: [{ tlsCertificates: [{}] }],
    fail: [{ tlsCertificates: [{}], credentialNames: ['b'] }],
  },
  '(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1': {
    pass: [{ selector: {} }, { targetRefs: [] }, {}],
    fail: [{ selector: {}, targetRef: { kind: 'Gateway', name: 'g' } }],
  },
  '(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) &&\n!has(self.notPrincipals) && !has(self.namespaces) && !has(self.notNamespaces)) : true': {
    pass: [{ serviceAccounts: ['a/b'] }, { principals: ['p'], namespaces: ['n'] }],
    fail: [{ serviceAccounts: ['a/b'], namespaces: ['n'] }, { notServiceAccounts: ['a/b'], notPrincipals: ['p'] }],
  },
  'self.size() == 0': { pass: [''], fail: ['other-ns'] },
  'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true': {
    pass: [{ mtls: {} }, { portLevelMtls: { '80': {} }, selector: { matchLabels: { app: 'a' } } }],
    fail: [{ portLevelMtls: { '80': {} } }, { portLevelMtls: { '80': {} }, selector: {} }],
  },
  'self.all(key, 0 < int(key) && int(key) <= 65535)': { pass: [{ '1': {}, '65535': {} }], fail: [{ '0': {} }, { '65536': {} }] },
  '[has(self.configMap),has(self.secret),has(self.inLine),has(self.useDefaultCAs)].filter(x,x==true).size() == 1': {
    pass: [{ inLine: 'pem' }, { useDefaultCAs: true }],
    fail: [{}, { configMap: { name: 'a' }, secret: { name: 'b' } }],
  },
  '[has(self.name),has(self.selector)].filter(x,x==true).size() == 1': {
    pass: [{ name: 'a', key: 'k' }, { selector: {}, key: 'k' }],
    fail: [{ key: 'k' }, { name: 'a', selector: {}, key: 'k' }],
  },
  '[has(self.configMap),has(self.secret)].filter(x,x==true).size() >= 1': {
    pass: [{ configMap: { key: 'k' } }, { configMap: { key: 'k' }, secret: { key: 'k' } }],
    fail: [{}],
  },
  '[has(self.jks),has(self.pkcs12)].filter(x,x==true).size() >= 1': { pass: [{ jks: { key: 'k' } }], fail: [{}] },
};
