import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Random, hashString } from './random.js';

const draws = (random: Random, count: number) => Array.from({ length: count }, () => random.uint32());

test('the same seed gives the same sequence, a different seed a different one', () => {
  assert.deepEqual(draws(new Random('acme', 42), 20), draws(new Random('acme', 42), 20));
  assert.notDeepEqual(draws(new Random('acme', 42), 20), draws(new Random('acme', 43), 20));
  assert.notDeepEqual(draws(new Random('acme', 42), 20), draws(new Random('techcorp', 42), 20));
});

test('the sequence is pinned: changing the algorithm changes every demo dataset', () => {
  assert.deepEqual(hashString('acme:42'), [3833139903, 1293212103, 616390818, 579682499]);
  assert.deepEqual(draws(new Random('acme', 42), 4), [2405624998, 807782680, 2211075072, 1405640507]);
});

test('helpers stay within their ranges', () => {
  fc.assert(
    fc.property(fc.string(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (seed, min, width) => {
      const random = new Random(seed);
      const max = min + width;
      for (let i = 0; i < 50; i++) {
        const value = random.int(min, max);
        assert.ok(Number.isInteger(value) && value >= min && value <= max);
        const unit = random.next();
        assert.ok(unit >= 0 && unit < 1);
        const normal = random.normal(10, 2);
        assert.ok(normal >= 10 - 4.25 * 2 && normal <= 10 + 4.25 * 2);
      }
    }),
  );
});

test('int covers both ends of its range', () => {
  const random = new Random('ends');
  const seen = new Set(Array.from({ length: 200 }, () => random.int(1, 3)));
  assert.deepEqual([...seen].sort(), [1, 2, 3]);
});

test('weightedPick follows the weights and never picks a zero weight', () => {
  const random = new Random('weights');
  const counts = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 10_000; i++) counts[random.weightedPick(['a', 'b', 'c'] as const, [1, 3, 0])]++;
  assert.equal(counts.c, 0);
  assert.ok(counts.b > counts.a * 2.5 && counts.b < counts.a * 3.5, JSON.stringify(counts));
});

test('sample keeps the original order and picks distinct items', () => {
  const random = new Random('sample');
  const items = ['a', 'b', 'c', 'd', 'e', 'f'];
  for (let i = 0; i < 50; i++) {
    const chosen = random.sample(items, 3);
    assert.equal(new Set(chosen).size, 3);
    assert.deepEqual(chosen, [...chosen].sort((x, y) => items.indexOf(x) - items.indexOf(y)));
  }
});
