/**
 * The printer's answers to status requests: DLE EOT (real-time), GS r, ESC v, ESC u, GS I,
 * and automatic status back (GS a: the 4 status bytes at once and again on every change).
 * The bytes themselves are in `status.ts`; every answer goes on the evidence.
 */
import type { EvidenceSink } from '../../src/evidence/types';
import { asbBytes, describeStatus, dleEotByte, gsIReply, gsRByte, type PrinterState } from './status';

export interface StatusReplyIo {
  readonly evidence: EvidenceSink;
  /** The printer's state now. */
  state(): PrinterState;
  /** Powered off: nothing is answered. */
  offline(): boolean;
  /** Send bytes to the terminal. */
  send(bytes: Buffer): void;
}

export class StatusResponder {
  private asbMask = 0;
  private lastAsb?: Buffer;

  constructor(private readonly io: StatusReplyIo) {}

  get asbEnabled(): boolean {
    return this.asbMask !== 0;
  }

  /** Automatic status back off without a GS a 0 (the connection that enabled it is gone). */
  disableAsb(): void {
    if (this.asbMask === 0) return;
    this.asbMask = 0;
    this.lastAsb = undefined;
    this.io.evidence.record({ source: 'printer', kind: 'status.asb', summary: 'automatic status back disabled: its connection ended', data: { n: 0 } });
  }

  /** The status may have changed: with automatic status back on, send it when it did. */
  changed(): void {
    if (this.asbMask === 0 || this.io.offline()) return;
    const now = asbBytes(this.io.state());
    if (this.lastAsb && now.equals(this.lastAsb)) return;
    this.lastAsb = now;
    this.io.send(now);
    this.io.evidence.record({ source: 'printer', kind: 'status.asb', summary: `automatic status back ${hex(now)}`, data: { bytes: hex(now) } });
  }

  /** DLE EOT n / DLE ENQ n, answered as soon as their bytes have arrived. */
  answerRealtime(command: string, n: number): void {
    if (this.io.offline()) return;
    if (command === 'DLE EOT' && n >= 1 && n <= 4) {
      const b = dleEotByte(n, this.io.state());
      this.io.send(Buffer.from([b]));
      this.io.evidence.record({
        source: 'printer',
        kind: 'status.query',
        summary: `DLE EOT ${n} → 0x${b.toString(16).padStart(2, '0')} (${describeStatus(n, b)})`,
        data: { command: 'DLE EOT', n, reply: hex(Buffer.from([b])) },
      });
    } else {
      this.io.evidence.record({ source: 'printer', kind: 'status.request', summary: `${command} ${n} (no reply)`, data: { command, n } });
    }
  }

  /** GS r, ESC v, ESC u, GS I, GS a: answered in order with print data. */
  answerOrdered(command: string, n: number): void {
    if (this.io.offline()) return;
    const state = this.io.state();
    let out: Buffer | null = null;
    switch (command) {
      case 'GS r':
        out = Buffer.from([gsRByte(n, state)]);
        break;
      case 'ESC v':
        out = Buffer.from([gsRByte(1, state)]);
        break;
      case 'ESC u':
        out = Buffer.from([0x00]);
        break;
      case 'GS I':
        out = gsIReply(n);
        break;
      case 'GS a': {
        this.asbMask = n;
        if (n !== 0) {
          const b = asbBytes(state);
          this.lastAsb = b;
          this.io.send(b);
          this.io.evidence.record({ source: 'printer', kind: 'status.asb', summary: `automatic status back enabled (n=${n}): ${hex(b)}`, data: { n, bytes: hex(b) } });
        } else {
          this.lastAsb = undefined;
          this.io.evidence.record({ source: 'printer', kind: 'status.asb', summary: 'automatic status back disabled', data: { n } });
        }
        return;
      }
    }
    if (out) this.io.send(out);
    this.io.evidence.record({
      source: 'printer',
      kind: 'status.query',
      summary: `${command} ${n} → ${out ? hex(out) : '(no reply)'}`,
      data: { command, n, reply: out ? hex(out) : null },
    });
  }
}

function hex(b: Buffer): string {
  return b.toString('hex').replace(/(..)(?!$)/g, '$1 ');
}
