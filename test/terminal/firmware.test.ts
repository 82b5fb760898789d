/** The reference terminal's firmware id: posbench's version, seeded defects as build metadata. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceFirmware } from '../../src/terminal/firmware';

const version = (require('../../package.json') as { version: string }).version;

test('a clean reference terminal is posbench-reference-terminal at the package version', () => {
  assert.deepEqual(referenceFirmware({ defects: [] }), { name: 'posbench-reference-terminal', version });
});

test('seeded defects make it other firmware: they are named in the version, in a stable order', () => {
  const a = referenceFirmware({ defects: ['no-reversal-on-timeout', 'no-paper-check'] });
  const b = referenceFirmware({ defects: ['no-paper-check', 'no-reversal-on-timeout'] });
  assert.equal(a.version, `${version}+defects.no-paper-check.no-reversal-on-timeout`);
  assert.deepEqual(a, b);
});
