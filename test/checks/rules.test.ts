import { synthesizeMesh } from '../../lib/mesh/synthesize';
import { runPack } from '../../lib/checks/engine';
import { RULES } from '../../lib/checks/pack';
import { platformDefinition } from '../../apps/platform';
import { RULE_FIXTURES } from './rule-fixtures';

describe('every rule has a compliant and a non-compliant fixture', () => {
  it('covers every rule of the pack', () => {
    expect(Object.keys(RULE_FIXTURES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  describe.each(RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    const fixture = RULE_FIXTURES[id];
    it('is silent on the compliant fixture', () => {
      expect(runPack(fixture.compliant).filter((f) => f.ruleId === id)).toEqual([]);
    });
    it.each(fixture.nonCompliant.map((objs, i) => [i, objs] as const))('flags non-compliant fixture %i, naming the object', (_i, objs) => {
      const hits = runPack(objs).filter((f) => f.ruleId === id);
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits) {
        expect(h.severity).toBe(rule.severity);
        expect(h.message.length).toBeGreaterThan(20);
        expect(objs.map((o) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`)).toContain(h.object);
      }
    });
  });
});

describe('rule metadata', () => {
  it('has unique, searchable IDs and an explanation with a fix', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^SM-[A-Z]{2}-\d{3}[a-z]?$/);
      expect(r.explanation).toMatch(/Fix/);
      expect(r.sources.length).toBeGreaterThan(0);
    }
  });
});

describe('the library\'s own output', () => {
  it('raises no errors or warnings on the platform example', () => {
    const { objects } = synthesizeMesh(platformDefinition);
    expect(runPack(objects).filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
