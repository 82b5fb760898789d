import { Given, When } from '@cucumber/cucumber';
import type { PosbenchWorld } from './world';

/**
 * On a real printer (printer.emulated false) no emulator can add the fault: a person at the
 * bench is asked to (src/bench/operator.ts), and the step is skipped when nobody can be.
 */
function realPrinter(world: PosbenchWorld): boolean {
  return !world.bench.profile.printer.emulated;
}

Given('the printer has no paper', function (this: PosbenchWorld) {
  if (realPrinter(this)) return this.byOperator('take the paper roll out of the real printer', { cause: 'printer-failure', areas: ['paper'], what: 'the printer has no paper' });
  const printer = this.bench.requirePrinter('an empty paper roll');
  this.bench.disturb('printer-failure', ['paper'], 'the printer has no paper', () => printer.setFault({ kind: 'no-paper' }));
  return undefined;
});

Given('the printer runs out of paper after {int} lines', function (this: PosbenchWorld, lines: number) {
  if (realPrinter(this)) {
    const action = `make the real printer run out of paper after ${lines} lines`;
    return this.skipped(this.bench.operator.skip(action, `nobody can ${action}: only the printer emulator can end a roll at a given line`).reason);
  }
  const printer = this.bench.requirePrinter('a paper roll that runs out');
  this.bench.disturb('printer-failure', ['paper'], `the printer runs out of paper after ${lines} lines`, () => printer.setFault({ kind: 'paper-runs-out', afterLines: lines }));
  return undefined;
});

Given('the printer cover is open', function (this: PosbenchWorld) {
  if (realPrinter(this)) return this.byOperator('open the cover of the real printer (and leave it open)', { cause: 'printer-failure', areas: ['paper'], what: 'the printer cover is open' });
  const printer = this.bench.requirePrinter('an open cover');
  this.bench.disturb('printer-failure', ['paper'], 'the printer cover is open', () => printer.setFault({ kind: 'cover-open' }));
  return undefined;
});

Given("the printer's cutter is jammed", function (this: PosbenchWorld) {
  if (realPrinter(this)) return this.byOperator('jam the real printer\'s autocutter (or make it report an autocutter error)', { cause: 'printer-failure', areas: ['paper'], what: "the printer's cutter is jammed" });
  const printer = this.bench.requirePrinter('a jammed cutter');
  this.bench.disturb('printer-failure', ['paper'], "the printer's autocutter is jammed (an error it reports in DLE EOT 1 and 3)", () => printer.setFault({ kind: 'cutter-jam' }));
  return undefined;
});

Given("the printer's cutter jams at the next cut", function (this: PosbenchWorld) {
  if (realPrinter(this)) {
    const action = "make the real printer's cutter jam at its next cut";
    return this.skipped(this.bench.operator.skip(action, `nobody can ${action}: only the printer emulator can jam at a given cut`).reason);
  }
  const printer = this.bench.requirePrinter('a cutter that jams');
  this.bench.disturb('printer-failure', ['paper'], "the printer's autocutter jams at the next cut", () => printer.setFault({ kind: 'cutter-jam', atNextCut: true }));
  return undefined;
});

When('the technician clears the cutter jam', function (this: PosbenchWorld) {
  if (realPrinter(this)) return this.byOperator("clear the real printer's cutter jam");
  this.bench.requirePrinter('clearing the cutter').clearFault('cutter-jam');
  return undefined;
});

Given("the printer's paper is near its end", function (this: PosbenchWorld) {
  if (realPrinter(this)) return this.byOperator('put a roll near its end into the real printer (its near-end sensor on)');
  // A warning, not a failure: nothing is injected, a terminal that stops printing has no excuse.
  this.bench.requirePrinter('a roll near its end').setFault({ kind: 'paper-near-end' });
  this.bench.timeline.record({ source: 'bench', kind: 'bench.printer', summary: "the printer's paper is near its end (its near-end sensor on; it still prints)" });
  return undefined;
});

Given('the printer is offline', function (this: PosbenchWorld) {
  if (realPrinter(this)) return this.byOperator('switch the real printer off (or unplug its cable)', { cause: 'printer-failure', areas: ['paper'], what: 'the printer is offline' });
  const printer = this.bench.requirePrinter('an offline printer');
  this.bench.disturb('printer-failure', ['paper'], 'the printer is offline', () => printer.setFault({ kind: 'offline' }));
  return undefined;
});

When('the technician loads paper', function (this: PosbenchWorld) {
  if (realPrinter(this)) return this.byOperator('load a paper roll into the real printer and close its cover');
  this.bench.requirePrinter('loading paper').loadPaper();
  return undefined;
});

When('the technician closes the printer cover', function (this: PosbenchWorld) {
  if (realPrinter(this)) return this.byOperator('close the cover of the real printer');
  this.bench.requirePrinter('closing the cover').closeCover();
  return undefined;
});

When('the printer comes back online', function (this: PosbenchWorld) {
  if (realPrinter(this)) return this.byOperator('switch the real printer on again (or plug its cable back in) and wait until it is ready');
  this.bench.requirePrinter('bringing the printer online').goOnline();
  return undefined;
});
