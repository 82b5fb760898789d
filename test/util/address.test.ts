import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressError, formatHostPort, parseHostPort } from '../../src/util/address';

test('host:port texts parse to {host, port} and format back, IPv6 in brackets', () => {
  assert.deepEqual(parseHostPort('127.0.0.1:8583'), { host: '127.0.0.1', port: 8583 });
  assert.deepEqual(parseHostPort('issuer.example:0'), { host: 'issuer.example', port: 0 });
  assert.deepEqual(parseHostPort('[::1]:8583'), { host: '::1', port: 8583 });
  assert.deepEqual(parseHostPort('::1:8583'), { host: '::1', port: 8583 }, 'unbracketed: split at the last colon');
  assert.equal(formatHostPort({ host: '127.0.0.1', port: 80 }), '127.0.0.1:80');
  assert.equal(formatHostPort({ host: '::1', port: 80 }), '[::1]:80');
  for (const a of ['127.0.0.1:8583', '[::1]:1']) assert.equal(formatHostPort(parseHostPort(a)), a);
});

test('a bad address is an AddressError naming the text', () => {
  assert.throws(() => parseHostPort('localhost'), (e: unknown) => e instanceof AddressError && e.text === 'localhost' && /expected host:port/.test(e.message));
  assert.throws(() => parseHostPort(':80'), AddressError);
  assert.throws(() => parseHostPort('h:99999'), /port "99999" is not 0..65535/);
  assert.throws(() => parseHostPort('h:8x'), AddressError);
});
