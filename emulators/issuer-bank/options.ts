/** The issuer bank's options, their defaults and the error a bad option gives. */
import type { EvidenceSink } from '../../src/evidence/types';
import type { Clock } from '../../src/util/clock';
import { PosbenchError } from '../../src/util/errors';
import type { TransportListener } from '../../src/transports/types';
import type { Dialect } from '../../src/protocols/iso8583';
import type { AccountSpec } from './ledger';
import type { WorkingKeys } from './keys';

export class IssuerConfigError extends PosbenchError {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super('ISSUER_CONFIG', `issuer bank option "${key}": ${reason}`);
  }
}

/** The canonical card catalog (docs/steps.md), 10,000.00 each: what the issuer knows when `accounts` is omitted. */
export const DEFAULT_ACCOUNTS: readonly AccountSpec[] = [
  { pan: '6210947000000021', balanceMinor: 1_000_000 },
  { pan: '6200000000000005', balanceMinor: 1_000_000 },
  { pan: '4761739001010010', balanceMinor: 1_000_000 },
  { pan: '5413330089010434', balanceMinor: 1_000_000 },
  { pan: '6205500000000000004', balanceMinor: 1_000_000 },
  { pan: '4111111111111111', balanceMinor: 1_000_000 },
];

export interface IssuerBankOptions {
  dialect: Dialect;
  /** Listen address (default 127.0.0.1) and port (default 0 = a free one). Ignored with `listener`. */
  host?: string;
  port?: number;
  /** Accept terminals through this listener instead of the built-in TCP one. */
  listener?: TransportListener;
  evidence?: EvidenceSink;
  clock?: Clock;
  /** Seed of every random choice (auth codes, generated working keys). Default 1. */
  seed?: number;
  /** Terminal IDs (field 41) the host accepts; others get 97. Default: any. */
  terminalIds?: readonly string[];
  /** Merchant ID(s) (field 42) the host accepts; others get 03. Default: any. */
  merchantId?: string | readonly string[];
  /**
   * This host's NII (3 digits): a request whose TPDU destination is another NII is not routed
   * here — the switch in front of a real host drops it, so it is neither processed nor
   * answered (recorded on the timeline). Default: any destination.
   */
  nii?: string;
  /** Cardholder accounts. Default DEFAULT_ACCOUNTS (the step card catalog); [] for none. */
  accounts?: readonly AccountSpec[];
  /** Approve cards without an account (an account with unknownCardBalanceMinor is opened). Default false: 14. */
  unknownCardsApproved?: boolean;
  /** Balance of an account opened for an unknown card (default 1,000,000 minor units). */
  unknownCardBalanceMinor?: number;
  /** ARQC check hook (field 55 present); false → 05. Default: accept. */
  verifyCryptogram?: (pan: string, tlv55: Buffer) => boolean;
  /** Close a connection that sends nothing for this long (default 120,000 ms; 0 = never). */
  idleTimeoutMs?: number;
  /** Close a connection whose frame is not complete this long after its first byte (default 10,000 ms). */
  frameTimeoutMs?: number;
  /** Frames announcing more body bytes than this are refused at once and the connection closed (default 8192). */
  maxFrameBytes?: number;
  /**
   * Decline purchases by the magic-amount table of README.md (the cents pick the answer).
   * Default false: an explicit option, so "approve everything" approves everything; it can
   * be switched at run time (`setMagicAmounts`, `PUT /magic-amounts`).
   */
  magicAmounts?: boolean;
  /** Working keys for every terminal. Default: generated per terminal from the seed. */
  workingKeys?: WorkingKeys;
  /** TMK (16 bytes): when set, field 62 carries the working keys encrypted under it. Default: clear. */
  masterKey?: Buffer;
  /** Batch number handed out at first sign-on (default "000001"). */
  initialBatch?: string;
  /** Field 39 for a request whose MAC does not verify (default "A0", CUP's MAC error). */
  macFailureCode?: string;
  /** Currency for balance answers when the request has no field 49 (default "156"). */
  currency?: string;
  /** How many exchanged messages messages() keeps (default 10,000; oldest dropped). */
  messageLogLimit?: number;
}

export const DEFAULTS = {
  idleTimeoutMs: 120_000,
  frameTimeoutMs: 10_000,
  maxFrameBytes: 8192,
  messageLogLimit: 10_000,
};
