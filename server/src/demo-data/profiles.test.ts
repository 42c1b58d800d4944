import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoTenantProfiles, findDemoTenantProfile, orgLevelCount, scaledUserCount } from './profiles.js';

const acme = findDemoTenantProfile('acme');
const techcorp = findDemoTenantProfile('techcorp');

test('there are exactly the two demo tenants, of different size and shape', () => {
  assert.deepEqual(demoTenantProfiles.map((profile) => profile.id), ['acme', 'techcorp']);
  assert.equal(orgLevelCount(acme.orgTree), 4);
  assert.equal(orgLevelCount(techcorp.orgTree), 3);
  assert.equal(techcorp.defaultUsers * 3, acme.defaultUsers);
  assert.notDeepEqual(
    acme.categories.map((category) => category.name).sort(),
    techcorp.categories.map((category) => category.name).sort(),
  );
});

test('both tenants teach Compliance, Technical Skills and Leadership', () => {
  for (const profile of demoTenantProfiles) {
    const names = profile.categories.map((category) => category.name);
    for (const required of ['Compliance', 'Technical Skills', 'Leadership']) {
      assert.ok(names.includes(required), `${profile.id} lacks ${required}`);
    }
  }
});

test('the course pools can fill the course count range, with unique names', () => {
  for (const profile of demoTenantProfiles) {
    const names = profile.categories.flatMap((category) => category.courses);
    assert.equal(new Set(names).size, names.length, `${profile.id} repeats a course name`);
    assert.ok(names.length >= profile.courseCount[1], `${profile.id} has too few course names`);
  }
});

test('every org template below the root offers 2–6 units', () => {
  const check = (template: (typeof acme)['orgTree']) => {
    for (const child of template.children ?? []) {
      if (typeof child !== 'string') {
        const count = child.children?.length ?? 0;
        assert.ok(count === 0 || (count >= 2 && count <= 6), `${child.name} offers ${count} units`);
        check(child);
      }
    }
  };
  for (const profile of demoTenantProfiles) check(profile.orgTree);
});

test('--users N sets acme to N and the others in proportion, never below 20', () => {
  assert.equal(scaledUserCount(acme), 1200);
  assert.equal(scaledUserCount(techcorp), 400);
  assert.equal(scaledUserCount(acme, 400_000), 400_000);
  assert.equal(scaledUserCount(techcorp, 400_000), 133_333);
  assert.equal(scaledUserCount(techcorp, 300), 100);
  assert.equal(scaledUserCount(acme, 5), 20);
  assert.equal(scaledUserCount(techcorp, 30), 20);
  assert.throws(() => scaledUserCount(acme, 0), /positive/);
});

test('an unknown tenant is refused with the list of known ones', () => {
  assert.throws(() => findDemoTenantProfile('globex'), /"globex".*acme, techcorp/);
});
