/**
 * Public types of the network fault proxy. Faults follow Toxiproxy's model: every fault is
 * `{name, type, stream, toxicity, attributes}`; `stream` is the direction it acts on
 * (upstream = terminal → issuer, downstream = issuer → terminal) and `toxicity` the
 * probability (seeded) that it applies to a given connection.
 */
import { PosbenchError } from '../../src/util/errors';
import type { z } from 'zod';
import type { FAULT_ATTRIBUTES } from './faults/attributes';

export type Stream = 'upstream' | 'downstream';

/** Attributes of each fault type. Units are in the names. */
/** Each fault type's attributes, inferred from their schemas in faults/attributes.ts (documented there). */
export type FaultAttributesByType = { [T in keyof typeof FAULT_ATTRIBUTES]: z.infer<(typeof FAULT_ATTRIBUTES)[T]> };

export type FaultType = keyof typeof FAULT_ATTRIBUTES;

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
