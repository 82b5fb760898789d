/**
 * An in-process null-modem cable built from @serialport/binding-mock ports.
 *
 * Each side is a real SerialPortStream (through SerialTransport) over its own mock port,
 * created with MockBinding.createPort under a unique path. The cable is a thin binding
 * around MockBinding: a completed write on one side is handed to the other side's mock
 * port with `emitData()` (bytes written while the other side is not open are lost, as on a
 * real cable). Unlike a bare UART the cable also carries hang-up: when one side closes,
 * the other side's pending read fails, which SerialPortStream treats as a disconnect, so
 * it emits 'close' too (after delivering every byte already received).
 *
 * State lives in the pair's own cable object; the only shared state is MockBinding's port
 * registry (which has no per-port delete: each pair leaves two small entries behind).
 */
import { randomUUID } from 'node:crypto';
import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import type { BindingInterface, BindingPortInterface, OpenOptions, PortStatus, SetOptions, UpdateOptions } from '@serialport/bindings-interface';
import { SerialTransport } from './serial';
import type { LineSettings } from './types';

interface CableEnd {
  port?: NullModemPortBinding;
}

class Cable {
  readonly ends: [CableEnd, CableEnd] = [{}, {}];
}

class PeerHungUpError extends Error {
  constructor() {
    super('peer closed the null-modem cable');
  }
}

/** A binding port: MockPortBinding plus the wire to the other end. */
class NullModemPortBinding implements BindingPortInterface {
  private hungUp = false;
  private rejectPendingRead?: (err: Error) => void;

  constructor(
    readonly inner: MockPortBinding,
    private readonly cable: Cable,
    private readonly side: 0 | 1,
  ) {}

  get openOptions(): Required<OpenOptions> {
    return this.inner.openOptions;
  }
  get isOpen(): boolean {
    return this.inner.isOpen;
  }
  private get peer(): NullModemPortBinding | undefined {
    return this.cable.ends[this.side === 0 ? 1 : 0].port;
  }

  /** Called by the peer when it closes. */
  hangUp(): void {
    this.hungUp = true;
    // After already-queued data has been read (nextTick-based in the mock), fail the read.
    setImmediate(() => this.rejectPendingRead?.(new PeerHungUpError()));
  }

  async close(): Promise<void> {
    await this.inner.close();
    if (this.cable.ends[this.side].port === this) this.cable.ends[this.side].port = undefined;
    this.peer?.hangUp();
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (this.hungUp && this.inner.port.data.length === 0) throw new PeerHungUpError();
    const hangup = new Promise<never>((_, reject) => (this.rejectPendingRead = reject));
    try {
      return await Promise.race([this.inner.read(buffer, offset, length), hangup]);
    } finally {
      this.rejectPendingRead = undefined;
    }
  }

  async write(buffer: Buffer): Promise<void> {
    await this.inner.write(buffer);
    const peer = this.peer;
    if (peer && peer.isOpen && !this.hungUp) peer.inner.emitData(Buffer.from(buffer));
  }

  update(options: UpdateOptions): Promise<void> {
    return this.inner.update(options);
  }
  set(options: SetOptions): Promise<void> {
    return this.inner.set(options);
  }
  get(): Promise<PortStatus> {
    return this.inner.get();
  }
  getBaudRate(): Promise<{ baudRate: number }> {
    return this.inner.getBaudRate();
  }
  flush(): Promise<void> {
    return this.inner.flush();
  }
  drain(): Promise<void> {
    return this.inner.drain();
  }
}

function cableBinding(cable: Cable, side: 0 | 1): BindingInterface {
  return {
    list: () => MockBinding.list(),
    async open(options: OpenOptions) {
      const inner = await MockBinding.open(options);
      const port = new NullModemPortBinding(inner, cable, side);
      cable.ends[side].port = port;
      return port;
    },
  };
}

export interface MockSerialPairOptions {
  lineSettings?: Partial<LineSettings>;
  /** Label used in the mock port paths and descriptions (default "pair"). */
  label?: string;
}

/**
 * Two unopened serial-like transports joined by an in-process null-modem cable: what A
 * writes arrives as 'data' on B and vice versa. Open both before writing. Each is a
 * SerialTransport (a SerialLikeTransport) whose `path` is its mock port's unique path.
 */
export function createMockSerialPair(opts: MockSerialPairOptions = {}): [SerialTransport, SerialTransport] {
  const id = `${opts.label ?? 'pair'}-${randomUUID().slice(0, 8)}`;
  const cable = new Cable();
  const make = (side: 0 | 1) => {
    const path = `/dev/posbench-mock/${id}/${side === 0 ? 'A' : 'B'}`;
    MockBinding.createPort(path, { echo: false, record: false });
    return new SerialTransport({ path, lineSettings: opts.lineSettings, binding: cableBinding(cable, side), kind: 'mock-serial' });
  };
  return [make(0), make(1)];
}
