/**
 * Reading the terminal's settings back (ECR `getConfig`) and the answers of ECR requests a
 * step sent as they were: what a technician checks after setting a terminal up.
 */
import { Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import { DEFAULT_TERMINAL_CONFIG, TERMINAL_SETTINGS, settingText } from '../src/terminal/config';
import { matchesWithEllipsis } from '../src/bench/receipt-layout';

/** The configuration key a setting's wire name sets: the one its own parser fills in for a value it takes. */
function settingKey(name: string, value: string): string {
  const parse = TERMINAL_SETTINGS[name];
  if (!parse) throw new Error(`setting "${name}": no such setting (known: ${Object.keys(TERMINAL_SETTINGS).join(', ')})`);
  const keys = Object.keys(parse(value, name));
  const known = keys.filter((k) => k in DEFAULT_TERMINAL_CONFIG);
  if (keys.length !== 1 || known.length !== 1) throw new Error(`setting "${name}" sets ${keys.map((k) => `"${k}"`).join(', ') || 'nothing'} for "${value}", not one key of the terminal's configuration`);
  return keys[0]!;
}

/** A configuration value as a technician reads it: on/off, digits, text, a list joined by commas. */
function readingOf(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return settingText(value);
  return JSON.stringify(value);
}

Then("the terminal's setting {string} reads {string}", async function (this: PosbenchWorld, name: string, reading: string) {
  if (this.withoutEcr("the terminal's settings") === 'skipped') return 'skipped';
  // The key comes from a value the setting takes: the reading with its "…" filled in.
  const key = settingKey(name, reading.replace(/…/g, '0'));
  const config = (await this.bench.driver.request('getConfig')) as Record<string, unknown> | null;
  assert.ok(config && typeof config === 'object' && key in config, `the terminal's configuration (ECR getConfig) holds no ${key} for the setting "${name}": ${JSON.stringify(config)}`);
  const got = readingOf(config[key]);
  assert.ok(matchesWithEllipsis(reading, got), `the terminal's setting "${name}" (${key}) reads "${got}", not "${reading}"`);
  return undefined;
});

Then('the terminal answers the ECR request with {string}', function (this: PosbenchWorld, json: string) {
  const a = this.ecrAnswer;
  assert.ok(a, 'no ECR request was sent in this scenario');
  assert.ok(a.ok, `the terminal refused the request: ${a.ok ? '' : `${a.code} ${a.message}`}`);
  let expected: unknown;
  try {
    expected = JSON.parse(json);
  } catch (e) {
    throw new Error(`the expected answer is not JSON: ${(e as Error).message} (write it as it is sent, e.g. '{"restarted": true}')`);
  }
  assert.deepEqual(a.result, expected, `the terminal answered ${JSON.stringify(a.result)}, not ${json}`);
});

Then('the terminal answers the ECR request naming the intent {string}', function (this: PosbenchWorld, intent: string) {
  const a = this.ecrAnswer;
  assert.ok(a, 'no ECR request was sent in this scenario');
  assert.ok(a.ok, `the terminal refused the request: ${a.ok ? '' : `${a.code} ${a.message}`}`);
  const got = (a.result as { intentId?: unknown } | null)?.intentId;
  assert.ok(typeof got === 'string' && matchesWithEllipsis(intent, got), `the terminal's answer names the intent ${JSON.stringify(got)}, not "${intent}": ${JSON.stringify(a.result)}`);
});
