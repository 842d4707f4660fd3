/**
 * A caller without a sidecar (a namespace outside the mesh, Prometheus) admitted by a rule makes the rule's ports accept
 * plaintext: a warning per rule. Prometheus is typically admitted by hundreds of rules, and 500 copies of one warning
 * bury the others: beyond the first few per caller, the rules are summed up in one warning naming them.
 */
import { resolveMesh, type SecureMeshProps } from '../../lib';

function meshAdmittingLegacy(rules: number): SecureMeshProps {
  return {
    namespaces: [{ name: 'shop' }, { name: 'legacy', managed: false, sidecarInjection: false }],
    workloads: Array.from({ length: rules }, (_, i) => ({
      name: `svc-${i}`, namespace: 'shop', ports: [{ name: 'http', port: 8080 }], ingress: [{ from: { namespace: 'legacy' }, ports: [8080] }],
    })),
  };
}

const aboutLegacy = (props: SecureMeshProps) => resolveMesh(props).warnings.filter((w) => w.message.includes('"legacy"'));

test('up to three rules: one warning each, at the rule', () => {
  const warnings = aboutLegacy(meshAdmittingLegacy(3));
  expect(warnings.map((w) => w.path)).toEqual(['workloads[0].ingress[0]', 'workloads[1].ingress[0]', 'workloads[2].ingress[0]']);
  for (const w of warnings) expect(w.message).toMatch(/^namespace "legacy" has no sidecar, so it has no mesh identity: .*port 8080 of "svc-\d" accepts plaintext/);
});

test('more rules: three warnings, then one naming the others (five of them, and how many more)', () => {
  const warnings = aboutLegacy(meshAdmittingLegacy(10));
  expect(warnings).toHaveLength(4);
  const summary = warnings[3];
  expect(summary.path).toBe('workloads[3].ingress[0]');
  expect(summary.message).toContain('7 more rules admit namespace "legacy", which has no sidecar and so no mesh identity');
  expect(summary.message).toContain('workloads[3].ingress[0], workloads[4].ingress[0], workloads[5].ingress[0], workloads[6].ingress[0], workloads[7].ingress[0], and 2 more');
  expect(summary.message).toContain('accept plaintext from callers without identity');
});

test('two sidecar-less workloads of one name in two namespaces are two callers, counted apart', () => {
  const callers = (ns: string) => ({ name: 'db-client', namespace: ns, sidecar: false, ports: [{ name: 'http', port: 80 }] });
  const props: SecureMeshProps = {
    namespaces: [{ name: 'shop' }, { name: 'a' }, { name: 'b' }],
    workloads: [
      callers('a'), callers('b'),
      ...Array.from({ length: 4 }, (_, i) => ({
        name: `svc-${i}`, namespace: 'shop', ports: [{ name: 'http', port: 8080 }],
        ingress: [{ from: { workload: 'db-client', namespace: i < 2 ? 'a' : 'b' }, ports: [8080] }],
      })),
    ],
  };
  const warnings = resolveMesh(props).warnings.filter((w) => w.message.includes('"db-client"'));
  // Two rules per caller: both warned one by one, no summary.
  expect(warnings).toHaveLength(4);
  expect(warnings.every((w) => !w.message.includes('more rule'))).toBe(true);
});
