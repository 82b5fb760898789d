import { Given, When } from '@cucumber/cucumber';
import type { PosbenchWorld } from './world';

Given('the printer has no paper', function (this: PosbenchWorld) {
  const printer = this.bench.requirePrinter('an empty paper roll');
  this.bench.disturb('printer-failure', ['paper'], 'the printer has no paper', () => printer.setFault({ kind: 'no-paper' }));
});

Given('the printer runs out of paper after {int} lines', function (this: PosbenchWorld, lines: number) {
  const printer = this.bench.requirePrinter('a paper roll that runs out');
  this.bench.disturb('printer-failure', ['paper'], `the printer runs out of paper after ${lines} lines`, () => printer.setFault({ kind: 'paper-runs-out', afterLines: lines }));
});

Given('the printer cover is open', function (this: PosbenchWorld) {
  const printer = this.bench.requirePrinter('an open cover');
  this.bench.disturb('printer-failure', ['paper'], 'the printer cover is open', () => printer.setFault({ kind: 'cover-open' }));
});

Given('the printer is offline', function (this: PosbenchWorld) {
  const printer = this.bench.requirePrinter('an offline printer');
  this.bench.disturb('printer-failure', ['paper'], 'the printer is offline', () => printer.setFault({ kind: 'offline' }));
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
