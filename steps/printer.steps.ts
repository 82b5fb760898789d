import { Given, When } from '@cucumber/cucumber';
import type { PosbenchWorld } from './world';

Given('the printer has no paper', function (this: PosbenchWorld) {
  this.bench.requirePrinter('an empty paper roll').setFault({ kind: 'no-paper' });
  this.bench.inject('printer-failure', ['paper'], 'the printer has no paper');
});

Given('the printer runs out of paper after {int} lines', function (this: PosbenchWorld, lines: number) {
  this.bench.requirePrinter('a paper roll that runs out').setFault({ kind: 'paper-runs-out', afterLines: lines });
  this.bench.inject('printer-failure', ['paper'], `the printer runs out of paper after ${lines} lines`);
});

Given('the printer cover is open', function (this: PosbenchWorld) {
  this.bench.requirePrinter('an open cover').setFault({ kind: 'cover-open' });
  this.bench.inject('printer-failure', ['paper'], 'the printer cover is open');
});

Given('the printer is offline', function (this: PosbenchWorld) {
  this.bench.requirePrinter('an offline printer').setFault({ kind: 'offline' });
  this.bench.inject('printer-failure', ['paper'], 'the printer is offline');
});

When('the technician loads paper', function (this: PosbenchWorld) {
  this.bench.requirePrinter('loading paper').loadPaper();
});

When('the technician closes the printer cover', function (this: PosbenchWorld) {
  this.bench.requirePrinter('closing the cover').closeCover();
});

When('the printer comes back online', function (this: PosbenchWorld) {
  this.bench.requirePrinter('bringing the printer online').goOnline();
});
