import { asRecord } from '../object-index';
import type { Rule, Violation } from '../rule';

export const peerAuthenticationWebhook: Rule = {
  id: 'SM-IS-105',
  severity: 'error',
  title: 'PeerAuthentication port-level or selector settings that istiod rejects',
  explanation:
    '`portLevelMtls`, if present, needs at least one entry, keyed by container ports 1–65535; selector labels must not be ' +
    'empty or contain `*`. Fix what the message names (and see SM-IS-008a for port-level modes without a selector).',
  sources: ['istio pkg/config/validation/validation.go ValidatePeerAuthentication', 'istio-kserve-modelmesh.md §1.2, §1.6'],
  *check({ index }): Iterable<Violation> {
    for (const pa of index.ofKind('PeerAuthentication')) {
      const spec = asRecord(pa.spec);
      if (spec.portLevelMtls !== undefined) {
        const ports = Object.keys(asRecord(spec.portLevelMtls));
        if (ports.length === 0) yield { object: pa, message: 'portLevelMtls is empty; it must have at least one port.' };
        for (const p of ports) {
          const n = Number(p);
          if (!Number.isInteger(n) || n < 1 || n > 65535) yield { object: pa, message: `portLevelMtls key "${p}" is not a port number 1-65535.` };
        }
      }
      for (const [k, v] of Object.entries(asRecord(asRecord(spec.selector).matchLabels))) {
        if (k === '' || k.includes('*') || String(v).includes('*')) yield { object: pa, message: `selector.matchLabels "${k}: ${String(v)}" must not be empty or use wildcards.` };
      }
    }
  },
};
