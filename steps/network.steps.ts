import { Given, When } from '@cucumber/cucumber';
import type { PosbenchWorld } from './world';

Given('the network adds {int} ms of latency', function (this: PosbenchWorld, ms: number) {
  this.bench.requireProxy().addFault({ type: 'latency', stream: 'downstream', attributes: { latencyMs: ms } });
  this.bench.inject('network-failure', ['host'], `the network adds ${ms} ms of latency`);
});

Given('the network drops the response to the next request', function (this: PosbenchWorld) {
  this.bench.requireProxy().addFault({ type: 'drop_response', stream: 'downstream', attributes: { count: 1 } });
  this.bench.inject('network-failure', ['host'], 'the network drops the response to the next request');
});

Given('the network resets the connection after the next request is sent', function (this: PosbenchWorld) {
  this.bench.requireProxy().addFault({ type: 'reset_after_request', stream: 'upstream', attributes: { count: 1 } });
  this.bench.inject('network-failure', ['host'], 'the network resets the connection after the next request');
});

Given('the network is down', function (this: PosbenchWorld) {
  this.bench.requireProxy().addFault({ type: 'down', stream: 'upstream', attributes: {} });
  this.bench.inject('network-failure', ['host'], 'the network is down');
});

When('the network recovers', function (this: PosbenchWorld) {
  this.bench.requireProxy().resetFaults();
  this.bench.timeline.record({ source: 'step', kind: 'recover', summary: 'the network recovers' });
});
