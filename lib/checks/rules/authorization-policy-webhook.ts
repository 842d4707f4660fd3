import { asArray, asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';
import { DRY_RUN_ANNOTATION } from '../../istio/wellknown';

/** What Go's `strconv.ParseBool` accepts, with which istiod reads the dry-run annotation. */
const PARSE_BOOL = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];

/** `when` keys istiod accepts (`pkg/config/security/security.go` ValidateAttribute, Istio 1.30.3). */
const WHEN_KEYS = ['source.ip', 'remote.ip', 'source.namespace', 'source.serviceAccount', 'source.principal', 'source.trustDomain',
  'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'destination.ip', 'destination.port', 'connection.sni'];
const WHEN_PREFIXES = ['request.headers[', 'request.auth.claims[', 'experimental.envoy.filters.'];
/** Sources and `when` keys CUSTOM policies cannot use. */
const CUSTOM_FORBIDDEN_SOURCE = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'requestPrincipals', 'notRequestPrincipals', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains'];

function problems(spec: Record<string, any>, annotations: Readonly<Record<string, string>> | undefined): string[] {
  const out: string[] = [];
  const action = spec.action ?? 'ALLOW';
  // checkDryRunAnnotation: only ALLOW/DENY, and a value Go's strconv.ParseBool reads.
  const dryRun = annotations?.[DRY_RUN_ANNOTATION];
  if (dryRun !== undefined) {
    if (action !== 'ALLOW' && action !== 'DENY') out.push(`the annotation ${DRY_RUN_ANNOTATION} only supports action ALLOW or DENY (action is ${action}).`);
    else if (!PARSE_BOOL.includes(dryRun)) out.push(`the annotation ${DRY_RUN_ANNOTATION} has the invalid value "${dryRun}" (write "true" or "false").`);
  }
  const rules = spec.rules;
  if ((action === 'DENY' || action === 'CUSTOM') && rules === undefined) {
    out.push(`${action} without rules is rejected ("meaningless"); to deny everything write rules: [{}].`);
  }
  if (action === 'CUSTOM' && !asRecord(spec.provider).name) out.push('CUSTOM requires provider.name.');
  if (action !== 'CUSTOM' && spec.provider !== undefined) out.push(`provider is only allowed with action CUSTOM (action is ${action}).`);
  // Loops rather than forEach closures (this runs for every AuthorizationPolicy); holes are skipped as forEach does.
  const ruleList = asArray(rules);
  for (let i = 0; i < ruleList.length; i++) {
    if (!(i in ruleList)) continue;
    const rule = asRecord(ruleList[i]);
    if (Array.isArray(rule.from) && rule.from.length === 0) out.push(`rules[${i}].from must not be empty (omit it to match any source).`);
    if (Array.isArray(rule.to) && rule.to.length === 0) out.push(`rules[${i}].to must not be empty (omit it to match any operation).`);
    const from = asArray(rule.from);
    for (let j = 0; j < from.length; j++) {
      if (!(j in from)) continue;
      const source = asRecord(asRecord(from[j]).source);
      const keys = Object.keys(source);
      if (keys.length === 0) out.push(`rules[${i}].from[${j}].source must not be empty.`);
      for (const k of keys) {
        if (hasEmptyString(source[k])) out.push(`rules[${i}].from[${j}].source.${k} contains an empty string.`);
        if (action === 'CUSTOM' && CUSTOM_FORBIDDEN_SOURCE.includes(k)) out.push(`rules[${i}].from[${j}].source.${k} is not supported with action CUSTOM.`);
      }
    }
    const to = asArray(rule.to);
    for (let j = 0; j < to.length; j++) {
      if (!(j in to)) continue;
      const op = asRecord(asRecord(to[j]).operation);
      const keys = Object.keys(op);
      if (keys.length === 0) out.push(`rules[${i}].to[${j}].operation must not be empty.`);
      for (const k of keys) if (hasEmptyString(op[k])) out.push(`rules[${i}].to[${j}].operation.${k} contains an empty string.`);
    }
    const when = asArray(rule.when);
    for (let j = 0; j < when.length; j++) {
      if (!(j in when)) continue;
      const cond = asRecord(when[j]);
      const key = String(cond.key ?? '');
      if (!WHEN_KEYS.includes(key) && !WHEN_PREFIXES.some((p) => key.startsWith(p))) out.push(`rules[${i}].when[${j}].key "${key}" is not a supported attribute.`);
      if (asArray(cond.values).length === 0 && asArray(cond.notValues).length === 0) out.push(`rules[${i}].when[${j}] needs values or notValues.`);
      if (action === 'CUSTOM' && (key.startsWith('source.') && key !== 'source.ip' || key.startsWith('request.auth.'))) out.push(`rules[${i}].when[${j}].key "${key}" is not supported with action CUSTOM.`);
    }
  }
  return out;
}

/** Whether a list field holds `''` (what istiod rejects); a value that is not a list holds nothing. No closure per field. */
function hasEmptyString(v: unknown): boolean {
  return Array.isArray(v) && v.includes('');
}

export const authorizationPolicyWebhook: Rule = {
  id: 'SM-IS-101',
  severity: 'error',
  title: 'AuthorizationPolicy that the istiod validating webhook rejects',
  explanation:
    'istiod validates AuthorizationPolicies beyond the CRD schema (`ValidateAuthorizationPolicy`): DENY and CUSTOM need ' +
    '`rules` (deny-all is `rules: [{}]`), CUSTOM needs `provider.name` and cannot match on identities, `from: []`/`to: []` and ' +
    'empty `source`/`operation` are errors, lists must not contain empty strings, `when` keys must be supported attributes ' +
    'with values, and the `istio.io/dry-run` annotation is for ALLOW and DENY only, with a boolean value. `kubectl apply` fails once the webhook is in Fail mode; offline, nothing catches it. Fix what the message names.',
  sources: ['istio pkg/config/validation/validation.go ValidateAuthorizationPolicy, checkDryRunAnnotation', 'istio/api#1222', 'istio-kserve-modelmesh.md §1.3'],
  *check({ index }): Iterable<Violation> {
    for (const ap of index.ofKind('AuthorizationPolicy')) {
      if (!ap.apiVersion.startsWith('security.istio.io/')) continue;
      for (const message of problems(asRecord(ap.spec), ap.metadata.annotations)) yield { object: ap, message };
    }
  },
};
