/**
 * The ISO 8583 wire options of the codec (src/protocols/iso8583: DialectOptions, spec files)
 * as command-line flags, one definition for every emulator CLI (issuer, network proxy):
 * --dialect cup|ascii87, --spec FILE, --bitmap hex|binary, --length-header none|binary2|ascii4,
 * --binary-fields raw|hex, --tpdu-length N, --header-length N. Bad values fail naming the flag.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { applyOptions, createDialect, getDialect, loadSpecFile, type Dialect, type DialectOptions } from '../protocols/iso8583';
import type { LengthHeaderKind } from '../protocols/framing/length-prefix';

export interface DialectCliOptions {
  dialect: 'cup' | 'ascii87';
  spec?: string;
  bitmap?: 'hex' | 'binary';
  lengthHeader?: LengthHeaderKind;
  binaryFields?: 'raw' | 'hex';
  tpduLength?: number;
  headerLength?: number;
}

export function oneOf<T extends string>(flag: string, allowed: readonly T[]): (v: string) => T {
  return (v) => {
    if (!(allowed as readonly string[]).includes(v)) throw new InvalidArgumentError(`${flag} is one of ${allowed.join(', ')}, not "${v}"`);
    return v as T;
  };
}

export function integer(flag: string, min: number, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new InvalidArgumentError(`${flag} is an integer from ${min} to ${max}, not "${v}"`);
    return n;
  };
}

/** Add the dialect flags to a command. `lengthHeaderHelp` says what the default and the choices mean there. */
export function addDialectOptions(cmd: Command, lengthHeaderHelp: string): Command {
  return cmd
    .option('--dialect <name>', 'cup or ascii87', oneOf('--dialect', ['cup', 'ascii87'] as const), 'cup')
    .option('--spec <file>', 'a message spec file (JSON/YAML, src/protocols/iso8583/README.md) instead of the shipped dialect')
    .option('--bitmap <form>', "bitmap as hex (16 characters) or binary (8 bytes); default: the dialect's (cup binary, ascii87 hex)", oneOf('--bitmap', ['hex', 'binary'] as const))
    .option('--length-header <kind>', lengthHeaderHelp, oneOf('--length-header', ['none', 'binary2', 'ascii4'] as const))
    .option('--binary-fields <form>', 'fixed b fields (52, 64, 128…) as raw bytes or as hex characters', oneOf('--binary-fields', ['raw', 'hex'] as const))
    .option('--tpdu-length <n>', 'bytes of TPDU before the MTI (cup 5, ascii87 0)', integer('--tpdu-length', 0, 64))
    .option('--header-length <n>', 'bytes of application header (cup 6, ascii87 0)', integer('--header-length', 0, 64));
}

/** The dialect the flags describe: the shipped one (or --spec) with the wire options applied. */
export function dialectFromCli(o: DialectCliOptions, defaultLengthHeader: LengthHeaderKind): Dialect {
  const opts: DialectOptions = { lengthHeader: o.lengthHeader ?? defaultLengthHeader };
  if (o.bitmap) opts.bitmap = o.bitmap;
  if (o.binaryFields) opts.binaryFields = o.binaryFields;
  if (o.tpduLength !== undefined) opts.tpduLength = o.tpduLength;
  if (o.headerLength !== undefined) opts.headerLength = o.headerLength;
  return o.spec ? createDialect(applyOptions(loadSpecFile(o.spec), opts)) : getDialect(o.dialect, opts);
}
