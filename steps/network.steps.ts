import { Given, When } from '@cucumber/cucumber';
import type { PosbenchWorld } from './world';
import { emulatedIssuer } from './real-host';
import type { RuleMatch } from '../emulators/issuer-bank/rules';

Given('the network adds {int} ms of latency', function (this: PosbenchWorld, ms: number) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], `the network adds ${ms} ms of latency`, () => proxy.addFault({ type: 'latency', stream: 'downstream', attributes: { latencyMs: ms } }));
});

Given('the network drops the response to the next request', function (this: PosbenchWorld) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], 'the network drops the response to the next request', () => proxy.addFault({ type: 'drop_response', stream: 'downstream', attributes: { count: 1 } }));
});

Given('the network resets the connection after the next request is sent', function (this: PosbenchWorld) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], 'the network resets the connection after the next request', () => proxy.addFault({ type: 'reset_after_request', stream: 'upstream', attributes: { count: 1 } }));
});

Given('the network is down', function (this: PosbenchWorld) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], 'the network is down', () => proxy.addFault({ type: 'down', stream: 'upstream', attributes: {} }));
});

When('the network recovers', async function (this: PosbenchWorld) {
  const proxy = this.bench.requireProxy();
  proxy.resetFaults();
  await proxy.settled(); // a 'down' fault reopens the listener asynchronously
  this.bench.timeline.record({ source: 'step', kind: 'recover', summary: 'the network recovers' });
});

// Message-level faults beyond the canonical vocabulary: the proxy reads ISO 8583 framing.

Given("the network delivers the response to the next request {int} ms after the terminal's host timeout", function (this: PosbenchWorld, ms: number) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], `the network holds the next response until ${ms} ms after the host timeout`, () => proxy.addFault({ type: 'hold_response', stream: 'downstream', attributes: { afterTimeoutMs: ms, hostTimeoutMs: this.bench.terminalConfig.hostTimeoutMs, count: 1 } }));
});

Given('the network duplicates the response to the next request', function (this: PosbenchWorld) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], 'the network duplicates the next response', () => proxy.addFault({ type: 'duplicate_response', stream: 'downstream', attributes: { copies: 1, count: 1 } }));
});

Given('the network resets the connection right after the next approval', function (this: PosbenchWorld) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], 'the network resets the connection right after an approval', () => proxy.addFault({ type: 'reset_after_approval', stream: 'downstream', attributes: { count: 1 } }));
});

Given('the network corrupts the MAC of the next response', function (this: PosbenchWorld) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], 'the network flips a byte in the MAC of the next response', () => proxy.addFault({ type: 'flip_byte', stream: 'downstream', attributes: { nth: 1, offset: -1, mti: '0210', count: 1 } }));
});

/** The host's next answer to a request `match` picks carries this field changed (and is MACed again): an answer that does not answer its request. */
function answerNextWith(world: PosbenchWorld, what: string, match: RuleMatch, field: number, value: string) {
  const issuer = emulatedIssuer(world, `${what} answer with field ${field} changed`);
  if (issuer === 'skipped') return issuer;
  world.bench.disturb('network-failure', ['host'], `the answer to the next ${what} comes back with field ${field} as "${value}" (an answer that does not answer the request)`, () =>
    issuer.addRule({ description: `${what} answer with field ${field} = ${value}`, match, action: { answerFields: { [String(field)]: value } }, times: 'once' }),
  );
  return undefined;
}

Given('the answer to the next sale comes back with field {int} as {string}', function (this: PosbenchWorld, field: number, value: string) {
  return answerNextWith(this, 'sale', { mti: ['0200'], processingCode: '000000' }, field, value);
});

Given('the answer to the next echo test comes back with field {int} as {string}', function (this: PosbenchWorld, field: number, value: string) {
  return answerNextWith(this, 'echo test', { mti: ['0800'] }, field, value);
});

Given('the answer to the next sign-on comes back with field {int} as {string}', function (this: PosbenchWorld, field: number, value: string) {
  return answerNextWith(this, 'sign-on', { mti: ['0800'] }, field, value);
});

Given('the answer to the next settlement comes back with field {int} as {string}', function (this: PosbenchWorld, field: number, value: string) {
  return answerNextWith(this, 'settlement', { mti: ['0500'] }, field, value);
});

Given('the network drops the next refund request', function (this: PosbenchWorld) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], 'the network drops the next refund request (0220) on its way to the host', () => proxy.addFault({ type: 'drop_message', stream: 'upstream', attributes: { nth: 1, mti: '0220', count: 1 } }));
});

Given('the network drops the next request', function (this: PosbenchWorld) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], 'the network drops the next request on its way to the host', () => proxy.addFault({ type: 'drop_message', stream: 'upstream', attributes: { nth: 1, mti: '0200', count: 1 } }));
});
