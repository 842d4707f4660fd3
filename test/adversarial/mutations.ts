/**
 * Mutations that turn a valid definition into an invalid one, each knowing the field path the error
 * must name. They work on a JSON copy (a mesh file is JSON too), so wrong types are possible.
 */
import fc from 'fast-check';
import type { SecureMeshProps } from '../../lib/model/definition';
import { arbDefinition, toYaml } from '../property/arbitraries';

// A definition as untyped JSON: mutations write what the types forbid.
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Mutated {
  readonly kind: string;
  readonly def: Json;
  /** The path a problem must name. */
  readonly path: string;
}

/** Applies itself to `def` (a copy it may change) with `n` as its random choice; undefined if it cannot. */
type Mutation = (def: Json, n: number) => string | undefined;

const pick = <T>(items: readonly T[], n: number): [T, number] | undefined => (items.length === 0 ? undefined : [items[n % items.length], n % items.length]);
const workloadsOf = (def: Json): Json[] => (def.workloads ??= []);
const namespacesOf = (def: Json): Json[] => (def.namespaces ??= []);

/** Appends an ingress rule to some workload; returns its path. */
function addRule(def: Json, n: number, rule: Json): string | undefined {
  const w = pick(workloadsOf(def), n);
  if (!w) return undefined;
  const rules: Json[] = (w[0].ingress ??= []);
  rules.push(rule);
  return `workloads[${w[1]}].ingress[${rules.length - 1}]`;
}

const BAD_DURATIONS = ['90d', '1 year', '', '-5h', '2160', 'PT2160H', '1h30', 'h'];
const BAD_PORTS = [0, -1, 65536, 70000, 1.5];
const UNICODE_NAMES = ['prod-ü', 'ñame', 'api😀', 'ａｐｉ', 'api\u200b', 'Καλημέρα'];
const WRONG_TYPES: readonly unknown[] = ['80', true, null, { port: 80 }, [80]];

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  'dangling workload peer': (def, n) => { const p = addRule(def, n, { from: { workload: 'ghost' } }); return p && `${p}.from.workload`; },
  'dangling cross-namespace workload peer': (def, n) => { const p = addRule(def, n, { from: [{ workload: 'api', namespace: 'nowhere' }] }); return p && `${p}.from[0].workload`; },
  'dangling namespace peer': (def, n) => { const p = addRule(def, n, { from: { namespace: 'nowhere' } }); return p && `${p}.from.namespace`; },
  'workload in an undeclared namespace': (def, n) => {
    const w = pick(workloadsOf(def), n);
    if (!w) return undefined;
    w[0].namespace = 'nowhere';
    return `workloads[${w[1]}].namespace`;
  },
  'duplicate namespace': (def, n) => {
    const ns = pick(namespacesOf(def), n);
    if (!ns) return undefined;
    namespacesOf(def).push({ name: ns[0].name });
    return `namespaces[${namespacesOf(def).length - 1}].name`;
  },
  'duplicate workload': (def, n) => {
    const w = pick(workloadsOf(def), n);
    if (!w) return undefined;
    workloadsOf(def).push({ name: w[0].name, namespace: w[0].namespace });
    return `workloads[${workloadsOf(def).length - 1}].name`;
  },
  'wrong type of a port': (def, n) => {
    const w = pick(workloadsOf(def).filter((x) => x.ports?.length), n);
    if (!w) return undefined;
    const i = workloadsOf(def).indexOf(w[0]);
    w[0].ports[0].port = WRONG_TYPES[n % WRONG_TYPES.length];
    return `workloads[${i}].ports[0].port`;
  },
  'out-of-range port': (def, n) => {
    const w = pick(workloadsOf(def), n);
    if (!w) return undefined;
    (w[0].ports ??= []).push({ port: BAD_PORTS[n % BAD_PORTS.length], protocol: 'TCP' });
    return `workloads[${w[1]}].ports[${w[0].ports.length - 1}].port`;
  },
  'out-of-range rule port': (def, n) => {
    const w = pick(workloadsOf(def).filter((x) => !x.ports?.length), n);
    if (!w) return undefined;
    const i = workloadsOf(def).indexOf(w[0]);
    const rules: Json[] = (w[0].ingress ??= []);
    rules.push({ from: { cidr: '10.0.0.0/8' }, ports: [BAD_PORTS[n % BAD_PORTS.length]] });
    return `workloads[${i}].ingress[${rules.length - 1}].ports[0]`;
  },
  'undeclared rule port': (def, n) => {
    const w = pick(workloadsOf(def).filter((x) => x.ports?.length), n);
    if (!w) return undefined;
    const i = workloadsOf(def).indexOf(w[0]);
    const rules: Json[] = (w[0].ingress ??= []);
    rules.push({ from: { cidr: '10.0.0.0/8' }, ports: [n % 2 === 0 ? 1 : 'no-such-port'] });
    return `workloads[${i}].ingress[${rules.length - 1}].ports[0]`;
  },
  'bad certificate duration': (def, n) => {
    def.pki = { certificateDefaults: { duration: BAD_DURATIONS[n % BAD_DURATIONS.length] } };
    return 'pki.certificateDefaults.duration';
  },
  'bad renewBefore': (def, n) => {
    def.pki = { certificateDefaults: { renewBefore: BAD_DURATIONS[n % BAD_DURATIONS.length] } };
    return 'pki.certificateDefaults.renewBefore';
  },
  'renewBefore not shorter than duration': (def) => {
    def.pki = { certificateDefaults: { duration: '24h', renewBefore: '24h' } };
    return 'pki.certificateDefaults.renewBefore';
  },
  'unknown top-level key': (def, n) => { def[['colour', 'namespace', 'workload', 'mtls'][n % 4]] = 'x'; return ['colour', 'namespace', 'workload', 'mtls'][n % 4]; },
  'unknown namespace key': (def, n) => {
    const ns = pick(namespacesOf(def), n);
    if (!ns) return undefined;
    ns[0].isolaton = 'none';
    return `namespaces[${ns[1]}].isolaton`;
  },
  'unknown rule key': (def, n) => { const p = addRule(def, n, { from: { cidr: '10.0.0.0/8' }, port: [80] }); return p && `${p}.port`; },
  'huge workload name': (def, n) => {
    const w = pick(workloadsOf(def), n);
    if (!w) return undefined;
    w[0].name = 'a'.repeat(64 + (n % 10_000));
    return `workloads[${w[1]}].name`;
  },
  'unicode namespace name': (def, n) => {
    namespacesOf(def).push({ name: UNICODE_NAMES[n % UNICODE_NAMES.length] });
    return `namespaces[${namespacesOf(def).length - 1}].name`;
  },
  'unicode service account': (def, n) => {
    const w = pick(workloadsOf(def), n);
    if (!w) return undefined;
    w[0].serviceAccount = UNICODE_NAMES[n % UNICODE_NAMES.length];
    return `workloads[${w[1]}].serviceAccount`;
  },
  'empty from list': (def, n) => { const p = addRule(def, n, { from: [] }); return p && `${p}.from`; },
  'bad CIDR': (def, n) => { const p = addRule(def, n, { from: { cidr: ['10.0.0.0/33', '10.0.0.1', 'ten/8', '::/129'][n % 4] } }); return p && `${p}.from.cidr`; },
  'unknown system peer': (def, n) => { const p = addRule(def, n, { from: { system: 'grafana' } }); return p && `${p}.from.system`; },
  'prometheus peer without monitoring': (def, n) => {
    def.monitoring = false;
    const p = addRule(def, n, { from: { system: 'prometheus' } });
    return p && `${p}.from.system`;
  },
  'isolation on an unmanaged namespace': (def, n) => {
    namespacesOf(def).push({ name: 'outside', managed: false, isolation: ['workload', 'namespace', 'none'][n % 3] });
    return `namespaces[${namespacesOf(def).length - 1}].isolation`;
  },
  'unknown isolation mode': (def, n) => {
    const ns = pick(namespacesOf(def).filter((x) => x.managed !== false), n);
    if (!ns) return undefined;
    ns[0].isolation = ['strict', 'Workload', '', 'deny'][n % 4];
    return `namespaces[${namespacesOf(def).indexOf(ns[0])}].isolation`;
  },
  'egress to a managed namespace': (def, n) => {
    const w = pick(workloadsOf(def), n);
    if (!w) return undefined;
    const egress: Json[] = (w[0].egress ??= []);
    egress.push({ to: { namespace: w[0].namespace } });
    return `workloads[${w[1]}].egress[${egress.length - 1}].to.namespace`;
  },
  'paths on a TCP port': (def, n) => {
    const w = pick(workloadsOf(def), n);
    if (!w) return undefined;
    (w[0].ports ??= []).push({ port: 7777, protocol: 'TCP' });
    const rules: Json[] = (w[0].ingress ??= []);
    rules.push({ from: { cidr: '10.0.0.0/8' }, ports: [7777], paths: ['/x'] });
    return `workloads[${w[1]}].ingress[${rules.length - 1}].paths`;
  },
  'workload replaced by null': (def, n) => {
    const w = pick(workloadsOf(def), n);
    if (!w) return undefined;
    workloadsOf(def)[w[1]] = null as unknown as Json;
    return `workloads[${w[1]}]`;
  },
  'weak RSA key': (def, n) => {
    def.pki = { certificateDefaults: { privateKey: { algorithm: 'RSA', size: [512, 1024, 2047][n % 3] } } };
    return 'pki.certificateDefaults.privateKey.size';
  },
};

export const MUTATION_KINDS = Object.keys(MUTATIONS);

/** A mutated definition; falls back to an unknown top-level key when the chosen mutation does not apply. */
export const arbMutated: fc.Arbitrary<Mutated> = fc.tuple(arbDefinition, fc.constantFrom(...MUTATION_KINDS), fc.nat({ max: 100_000 }))
  .map(([valid, kind, n]) => mutate(valid, kind, n));

export function mutate(valid: SecureMeshProps, kind: string, n: number): Mutated {
  const def = JSON.parse(JSON.stringify(valid)) as Json;
  const path = MUTATIONS[kind](def, n);
  if (path !== undefined) return withToString({ kind, def, path });
  const fallback = JSON.parse(JSON.stringify(valid)) as Json;
  return withToString({ kind: 'unknown top-level key', def: fallback, path: MUTATIONS['unknown top-level key'](fallback, n) as string });
}

function withToString(m: Mutated): Mutated {
  return Object.assign(m, { [fc.toStringMethod]: () => `${m.kind} → expect a problem at ${m.path}\n${toYaml(m.def).slice(0, 4000)}` });
}
