/**
 * The terminal's own clock: the time source it was given (the system clock in a shop),
 * moved by the `terminal_clock` setting. A technician who sets the clock to a local time
 * sets where it runs on from; dates on slips and ISO 8583 fields 12/13 follow it, so a clock
 * set wrong is a misconfiguration a bench can provoke (docs/desyncs.md, the causes).
 */
import type { Clock } from '../util/clock';

export class TerminalClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: Clock) {}

  /** Set the clock to a local time (YYYY-MM-DDTHH:MM:SS), or back to the base clock with ''. */
  set(localTime: string): void {
    this.offsetMs = localTime ? new Date(localTime).getTime() - this.base.now() : 0;
  }

  /** How far the terminal's clock is from its base, in ms. */
  get offset(): number {
    return this.offsetMs;
  }

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }
}
