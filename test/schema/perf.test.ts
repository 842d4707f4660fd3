/** Validation must stay cheap: a synth validates 20,000+ objects. Compile once per kind, then microseconds per object. */
import { validateObjects } from '../../lib/checks/schema';
import { VALID } from './fixtures';

it('validates 10,000 objects at well under 200 µs/object after warm-up', () => {
  const keys = Object.keys(VALID).filter((k) => !k.includes('kserve'));
  const objs = Array.from({ length: 10_000 }, (_, i) => {
    const o = structuredClone(VALID[keys[i % keys.length]]) as any;
    o.metadata = { ...o.metadata, name: `${o.metadata.name.replace(/:/g, '-')}-${i}` };
    return o;
  });
  expect(validateObjects(objs)).toEqual([]); // warm-up: compiles every kind
  const t0 = process.hrtime.bigint();
  const v = validateObjects(objs);
  const us = Number(process.hrtime.bigint() - t0) / 1e3 / objs.length;
  expect(v).toEqual([]);
  // eslint-disable-next-line no-console
  console.log(`schema validation: ${us.toFixed(1)} µs/object over ${objs.length} objects`);
  expect(us).toBeLessThan(200);
});
