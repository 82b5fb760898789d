import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import {
  builtinSpec,
  createDialect,
  loadSpecFile,
  parseSpec,
  specToJson,
  validateSpec,
  SpecError,
  UnpackError,
  type MessageSpec,
} from '../../../src/protocols/iso8583';

test('shipped specs load, validate and round-trip through JSON and YAML', () => {
  for (const name of ['cup', 'ascii87']) {
    const spec = builtinSpec(name);
    assert.equal(spec.name, name);
    assert.equal(Object.keys(spec.fields).length, 127);
    assert.deepEqual(parseSpec(specToJson(spec)), spec);
    assert.deepEqual(parseSpec(toYaml(spec), 'yaml'), spec);
  }
  const cup = builtinSpec('cup');
  assert.deepEqual(cup.fields['22']!.padding, { side: 'right', char: '0' });
  assert.deepEqual(cup.fields['23']!.padding, { side: 'left', char: '0' });
  assert.equal(cup.fields['35']!.encoding, 'bcd');
});

test('load from a .yaml and a .json file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-spec-'));
  try {
    const spec = builtinSpec('ascii87');
    writeFileSync(join(dir, 's.yaml'), toYaml(spec));
    writeFileSync(join(dir, 's.json'), specToJson(spec));
    assert.deepEqual(loadSpecFile(join(dir, 's.yaml')), spec);
    assert.deepEqual(loadSpecFile(join(dir, 's.json')), spec);
    assert.throws(() => loadSpecFile(join(dir, 'missing.json')), SpecError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function base(): Record<string, unknown> {
  return JSON.parse(specToJson(builtinSpec('cup'))) as Record<string, unknown>;
}

test('unknown keys are errors that name the key', () => {
  const top = { ...base(), lenghtHeader: 'binary2' };
  assert.throws(() => validateSpec(top), (e: unknown) => e instanceof SpecError && e.path === 'lenghtHeader' && /unknown key "lenghtHeader"/.test(e.message));
  const f = base();
  (f.fields as Record<string, Record<string, unknown>>)['35']!.prefx = 'LL';
  assert.throws(() => validateSpec(f), (e: unknown) => e instanceof SpecError && e.path === 'fields.35.prefx');
  const p = base();
  (p.fields as Record<string, Record<string, unknown>>)['4']!.padding = { side: 'left', char: '0', width: 3 };
  assert.throws(() => validateSpec(p), (e: unknown) => e instanceof SpecError && e.path === 'fields.4.padding.width');
  const m = base();
  m.mti = { encoding: 'bcd', extra: 1 };
  assert.throws(() => validateSpec(m), (e: unknown) => e instanceof SpecError && e.path === 'mti.extra');
});

test('invalid values are errors that name the key', () => {
  const bad: Array<[(s: Record<string, any>) => void, string]> = [
    [(s) => (s.fields['2'].encoding = 'bcdx'), 'fields.2.encoding'],
    [(s) => (s.fields['41'].encoding = 'bcd'), 'fields.41.encoding'],
    [(s) => (s.fields['52'].encoding = 'ascii'), 'fields.52.encoding'],
    [(s) => (s.fields['2'].length = 100), 'fields.2.length'],
    [(s) => (s.fields['2'].length = 0), 'fields.2.length'],
    [(s) => delete s.fields['2'].prefixEncoding, 'fields.2.prefixEncoding'],
    [(s) => (s.fields['3'].prefixEncoding = 'bcd'), 'fields.3.prefixEncoding'],
    [(s) => (s.fields['1'] = s.fields['52']), 'fields.1'],
    [(s) => (s.fields['129'] = s.fields['52']), 'fields.129'],
    [(s) => (s.fields['22'].padding.char = 'X'), 'fields.22.padding.char'],
    [(s) => (s.fields['41'].tlv = true), 'fields.41.tlv'],
    [(s) => (s.lengthHeader = 'binary4'), 'lengthHeader'],
    [(s) => (s.tpduLength = -1), 'tpduLength'],
    [(s) => (s.bitmap = { encoding: 'octal' }), 'bitmap.encoding'],
    [(s) => (s.textCharset = 'klingon'), 'textCharset'],
  ];
  for (const [mutate, path] of bad) {
    const s = base();
    mutate(s as Record<string, any>);
    assert.throws(() => validateSpec(s), (e: unknown) => e instanceof SpecError && e.path === path, path);
  }
  assert.throws(() => parseSpec('{ nope'), SpecError);
});

test('a custom spec: EBCDIC MTI/text, binary and EBCDIC prefixes, hex-encoded binary, no TPDU', () => {
  const spec: MessageSpec = {
    name: 'ebcdic-test',
    lengthHeader: 'binary2',
    tpduLength: 0,
    headerLength: 0,
    mti: { encoding: 'ebcdic' },
    bitmap: { encoding: 'binary' },
    fields: {
      '2': { name: 'PAN', type: 'n', length: 19, prefix: 'LL', prefixEncoding: 'binary', encoding: 'ebcdic', mask: 'pan' },
      '3': { name: 'Processing Code', type: 'n', length: 6, prefix: 'fixed', encoding: 'bcd', padding: { side: 'left', char: '0' } },
      '41': { name: 'Terminal', type: 'ans', length: 8, prefix: 'fixed', encoding: 'ebcdic', padding: { side: 'right', char: ' ' } },
      '48': { name: 'Private', type: 'ans', length: 999, prefix: 'LLL', prefixEncoding: 'ebcdic', encoding: 'ebcdic' },
      '52': { name: 'PIN', type: 'b', length: 8, prefix: 'fixed', encoding: 'hex', mask: 'secret' },
      '55': { name: 'ICC', type: 'b', length: 300, prefix: 'LLL', prefixEncoding: 'binary', encoding: 'binary', tlv: true },
    },
  };
  const d = createDialect(validateSpec(spec));
  const msg = { mti: '0200', fields: { 2: '4761739001010010', 3: '000000', 41: 'T1', 48: 'Hello, world', 52: Buffer.from('0123456789abcdef', 'hex'), 55: Buffer.from('9C0100', 'hex') } };
  const body = d.pack(msg);
  assert.equal(body.subarray(0, 4).toString('hex'), 'f0f2f0f0'); // EBCDIC "0200"
  assert.equal(body[12], 16); // binary LL
  assert.equal(body.subarray(13, 15).toString('hex'), 'f4f7');
  const back = d.unpack(body);
  assert.deepEqual(back, { ...msg, fields: { ...msg.fields, 41: 'T1      ' } });
  assert.ok(body.includes(Buffer.from('0123456789ABCDEF', 'ascii')), 'hex-encoded PIN block');
  const bad = Buffer.from(body);
  bad[13] = 0x41; // not an EBCDIC digit
  assert.throws(() => d.unpack(bad), (e: unknown) => e instanceof UnpackError && e.field === 2 && e.offset === 13);
});
