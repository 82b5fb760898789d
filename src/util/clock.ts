/** Time source. Emulators and the terminal take a Clock so tests can control time. */
export interface Clock {
  /** Milliseconds since the epoch (like Date.now()). */
  now(): number;
  /** Wall-clock date, for fields such as ISO 8583 12/13. */
  date(): Date;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  date: () => new Date(),
};

/** A clock pinned to a start time that only moves when told to (for unit tests). */
export class ManualClock implements Clock {
  constructor(private ms: number = Date.UTC(2026, 10, 26, 12, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  date(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
