/**
 * Public types of the network fault proxy. Faults follow Toxiproxy's model: every fault is
 * `{name, type, stream, toxicity, attributes}`; `stream` is the direction it acts on
 * (upstream = terminal → issuer, downstream = issuer → terminal) and `toxicity` the
 * probability (seeded) that it applies to a given connection.
 */
import { PosbenchError } from '../../src/util/errors';

export type Stream = 'upstream' | 'downstream';

/** Attributes of each fault type. Units are in the names. */
export interface FaultAttributesByType {
  /** Delay every chunk by latencyMs ± jitterMs (uniform, seeded). */
  latency: { latencyMs: number; jitterMs?: number };
  /** Limit throughput to rateKBps kilobytes (1024 bytes) per second. */
  bandwidth: { rateKBps: number };
  /** Blackhole: drop all data; close the connection after timeoutMs (0 = never close). */
  timeout: { timeoutMs: number };
  /** Reset the connection (TCP RST to both peers) timeoutMs after the fault meets it. */
  reset_peer: { timeoutMs: number };
  /** Delay the close (FIN) in this direction by delayMs. */
  slow_close: { delayMs: number };
  /** Cut chunks into pieces of averageSize ± sizeVariation bytes, delayUs between pieces. */
  slicer: { averageSize: number; sizeVariation?: number; delayUs?: number };
  /** Forward at most `bytes` bytes in this direction, then close the connection. */
  limit_data: { bytes: number };
  /** The network is down: new connections are refused, open ones are cut (reset). */
  down: Record<string, never>;
  /** Drop the response to the next request(s) (optionally only requests of one MTI). */
  drop_response: { requestMti?: string; count?: number };
  /** Drop the nth message (counted from when the fault is added) in `stream`. */
  drop_message: { nth?: number; mti?: string; count?: number };
  /**
   * Hold the response to the next request until afterTimeoutMs after the terminal's host
   * timeout (measured from when the proxy received the request), then deliver it.
   * Alternatively holdMs: hold for a fixed time after the response arrives.
   */
  hold_response: { afterTimeoutMs?: number; hostTimeoutMs?: number; holdMs?: number; requestMti?: string; count?: number };
  /** Deliver the response to the next request `copies` extra times. */
  duplicate_response: { copies?: number; requestMti?: string; count?: number };
  /** Reset the terminal's connection (and close the issuer side) right after (or delayMs after) a request is forwarded. */
  reset_after_request: { requestMti?: string; count?: number; delayMs?: number };
  /**
   * Reset the connection right after (or delayMs after) an approval (field 39 = "00") has been
   * delivered. With delayMs 0 the terminal may see the reset as a plain end of stream if it
   * had not yet read the approval when the RST arrived (the kernel's choice, not ours).
   */
  reset_after_approval: { mti?: string; count?: number; delayMs?: number };
  /** XOR one byte of the nth message in `stream`; offset < 0 counts from the end of the body (-1 = last byte, in the MAC). */
  flip_byte: { nth?: number; offset?: number; xor?: number; mti?: string; count?: number };
}

export type FaultType = keyof FaultAttributesByType;

/** A fault as stored and listed (defaults filled in). */
export interface FaultSpec {
  name: string;
  type: FaultType;
  stream: Stream;
  /** Probability in [0, 1] that the fault applies to a connection (decided per connection, seeded). */
  toxicity: number;
  attributes: Record<string, unknown>;
}

/** What addFault accepts: name, stream and toxicity are optional. */
export type FaultSpecInput = {
  [T in FaultType]: {
    type: T;
    name?: string;
    stream?: Stream;
    toxicity?: number;
    attributes?: FaultAttributesByType[T];
  };
}[FaultType];

/** The message a fault hit (never a PAN). */
export interface MessageRef {
  direction: Stream;
  /** Body length in bytes (without the length header). */
  length: number;
  mti?: string;
  /** Field 11. */
  stan?: string;
  /** Field 39. */
  responseCode?: string;
  /** 'dialect' when the body unpacked, 'bytes' when the MTI was sniffed, 'none' otherwise. */
  decodedBy: 'dialect' | 'bytes' | 'none';
}

export interface FiredFault {
  /** clock.now() when it fired. */
  at: number;
  name: string;
  type: FaultType;
  stream: Stream;
  /** Proxy connection number (from 1), absent for proxy-wide faults. */
  connection?: number;
  /** What it did: "drop", "delay", "hold", "release", "duplicate", "reset", "close", "flip", "refuse", … */
  action: string;
  message?: MessageRef;
  detail?: Record<string, unknown>;
}

export class FaultConfigError extends PosbenchError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super('FAULT_CONFIG', `fault ${key}: ${message}`);
  }
}

export class UnknownFaultError extends PosbenchError {
  constructor(readonly faultName: string) {
    super('FAULT_UNKNOWN', `no fault named "${faultName}"`);
  }
}

export class ProxyStateError extends PosbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('PROXY_STATE', message, options);
  }
}
