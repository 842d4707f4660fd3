import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { CDK8S_YAML_OPTIONS, fastString } from '../../lib/serialize/yaml';

/** What `yaml` itself writes for `s` as a nested map value, a sequence item, a nested key and a top-level key. */
function yamlRenderings(s: string): string[] {
  return [
    YAML.stringify({ k: { k: s } }, CDK8S_YAML_OPTIONS).replace(/^k:\n {2}k: /, '').replace(/\n$/, ''),
    YAML.stringify({ k: [s] }, CDK8S_YAML_OPTIONS).replace(/^k:\n {2}- /, '').replace(/\n$/, ''),
    YAML.stringify({ k: { [s]: 0 } }, CDK8S_YAML_OPTIONS).replace(/^k:\n {2}/, '').replace(/: 0\n$/, ''),
    YAML.stringify({ [s]: 0 }, CDK8S_YAML_OPTIONS).replace(/: 0\n$/, ''),
  ];
}

const seg = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,8}$/);
/** The shapes meshes are full of, and near misses around them. */
const shapes = fc.oneof(
  // SPIFFE principals and other URIs
  fc.tuple(seg, seg, seg).map(([d, ns, sa]) => `spiffe://${d}.local/ns/${ns}/sa/${sa}`),
  // hosts, wildcard hosts, namespace-scoped hosts
  fc.tuple(fc.constantFrom('', '*.', '*', 'team-a/', '*/', './'), fc.array(seg, { minLength: 1, maxLength: 4 })).map(([p, xs]) => p + xs.join('.')),
  // paths
  fc.array(fc.oneof(seg, fc.constant('*')), { maxLength: 4 }).map((xs) => `/${xs.join('/')}`),
  // durations and near misses
  fc.stringMatching(/^[0-9]{1,6}(ns|us|ms|s|m|h|d|e|x|)([0-9]{1,3}(m|s|h))?$/),
  // IPv4 CIDRs, addresses and near misses
  fc.tuple(fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 5 }), fc.option(fc.integer({ min: 0, max: 129 }))).map(([xs, m]) => xs.join('.') + (m === null ? '' : `/${m}`)),
  // digits, signed, with leading zeros or separators
  fc.stringMatching(/^[-+]?[0-9_]{1,17}(\.[0-9]*)?$/),
  // words with spaces and colons (labels, key usages, descriptions)
  fc.array(fc.oneof(seg, fc.constantFrom('CA', 'y', 'no', 'On', 'null', 'e5', '#x', ':', '', '-', '?', '*')), { minLength: 1, maxLength: 4 }).chain((xs) =>
    fc.constantFrom(' ', ':', ': ', '  ', ' #', '::', '/').map((sep) => xs.join(sep)),
  ),
  // prose: alert summaries and descriptions, PromQL, with YAML indicators and quotes at every position
  fc.tuple(
    fc.constantFrom('', '(', '-', '#', '%', '@', '`', '"', "'", '!', '&', '*', '?', '[', '{', '|', '>', ',', ':', '~', '.', '1', ' '),
    fc.array(fc.constantFrom('Certificate', 'a', 'x', '{{', '}}', '$labels.name', '(', ')', '`kubectl describe`', ';', '"False"', "'x'", '==', '<', '>', '-', '#', ':', '%', '@', '!', '&', '*', '5m', '168h', '2001-12-14', '1.5', 'true', '~', '<<', '---', '...', '\t', '\u00e9'), { minLength: 1, maxLength: 6 }),
    fc.constantFrom(' ', '', ': ', ' #'),
    fc.constantFrom('', ' ', ':', '.', '#'),
  ).map(([first, words, sep, last]) => first + words.join(sep) + last),
  // YAML 1.1 booleans and nulls in every case, and near misses
  fc.tuple(fc.constantFrom('y', 'yes', 'true', 'on', 'n', 'no', 'false', 'off', 'null', 'e5'), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 })).map(([w, upper]) => [...w].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')),
  // anything from an alphabet of YAML indicators, spaces and the fast path's characters
  fc.string({ unit: fc.constantFrom(...'aZy0159._/*-: #\'"!&|>%@`,[]{}?~=\t\n'.split('')), maxLength: 10 }),
);

describe('fastString: the serializer\'s fast path agrees with yaml', () => {
  test('whenever it decides, yaml writes exactly that, as a value, an item and a key', () => {
    let decided = 0;
    fc.assert(
      fc.property(shapes, (s) => {
        const fast = fastString(s);
        if (fast === undefined) return;
        decided++;
        expect(yamlRenderings(s)).toEqual([fast, fast, fast, fast]);
      }),
      { numRuns: 4000 },
    );
    expect(decided).toBeGreaterThan(1000);
  });

  test('writes every plain word as it is: a letter, then up to 199 letters, digits and `._/-`, except YAML 1.1 words', () => {
    // The plain-word test is a char-code table, not the regular expression it stands for: compare the two over strings
    // of characters on both sides of each range (`@[`{` around the letters, `,:` around `-./` and the digits, `^_`,
    // non-ASCII letters, and characters yaml escapes: NEL, no-break space, line separator, BOM) and lengths around the
    // limit.
    const plain = /^[A-Za-z][A-Za-z0-9._/-]{0,199}$/;
    const yaml11 = (s: string) => ['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null'].includes(s.toLowerCase()) || /^[eE]-?[0-9]+$/.test(s);
    const unit = fc.constantFrom(...'aAzZmM09._/-@[`{,:^_ \u00e9\u0100\u0141\u212a\u0085\u00a0\u2028\ufeff'.split(''));
    const word = fc.oneof(
      fc.string({ unit, minLength: 1, maxLength: 8 }),
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9._/-]{0,12}$/),
      fc.tuple(fc.constantFrom('a', 'Z', '0', '_'), fc.integer({ min: 195, max: 205 }), fc.string({ unit, maxLength: 2 })).map(([c, n, tail]) => `${c}${'b'.repeat(n)}${tail}`),
    );
    let plainWords = 0;
    fc.assert(
      fc.property(word, (s) => {
        const fast = fastString(s);
        if (fast !== undefined) for (const rendered of yamlRenderings(s)) expect(rendered).toBe(fast);
        if (!plain.test(s)) return;
        plainWords++;
        // YAML 1.1 words are quoted (the exact spellings, checked against yaml above) or left to yaml.
        if (yaml11(s)) expect([undefined, `"${s}"`]).toContain(fast);
        else expect(fast).toBe(s);
      }),
      { numRuns: 3000 },
    );
    expect(plainWords).toBeGreaterThan(600);
  });

  test('covers the common mesh shapes (so they are not rendered by yaml one by one)', () => {
    const cases: Array<[string, string]> = [
      ['spiffe://cluster.local/ns/team-000/sa/svc-0', 'spiffe://cluster.local/ns/team-000/sa/svc-0'],
      ['*.team-000.svc.cluster.local', '"*.team-000.svc.cluster.local"'],
      ['*', '"*"'],
      ['team-003/*', 'team-003/*'],
      ['/api/*', '/api/*'],
      ['/healthz', '/healthz'],
      ['2160h', '2160h'],
      ['1h30m', '1h30m'],
      ['10.0.0.0/8', '10.0.0.0/8'],
      ['cert sign', 'cert sign'],
      ['bench root CA', 'bench root CA'],
      ['9000', '"9000"'],
      ['true', '"true"'],
      ['Off', '"Off"'],
      ['Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within 168h', 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within 168h'],
      ['(certmanager_certificate_expiration_timestamp_seconds > 0) - time() < 604800', '(certmanager_certificate_expiration_timestamp_seconds > 0) - time() < 604800'],
      ['certmanager_certificate_ready_status{condition="False"} == 1', 'certmanager_certificate_ready_status{condition="False"} == 1'],
      ['cert-manager has not renewed it; check `kubectl describe certificate` and the issuer.', 'cert-manager has not renewed it; check `kubectl describe certificate` and the issuer.'],
    ];
    for (const [s, expected] of cases) {
      expect(fastString(s)).toBe(expected);
      for (const rendered of yamlRenderings(s)) expect(rendered).toBe(expected);
    }
  });

  test('leaves what yaml would quote or reinterpret to yaml', () => {
    for (const s of ['tRUE', 'oN', 'e5', 'a: b', 'a b:', 'a b ', 'a #b c', '(a) #b', 'a\tb c', 'caf\u00e9 au lait', 'a #b', 'a:', 'a ', '-a', '? a', '@x', '0x1F', '1_000', '1.5', '2001-12-14', '190:20:30', '.inf', '~', '']) {
      expect(fastString(s)).toBeUndefined();
    }
  });
});
