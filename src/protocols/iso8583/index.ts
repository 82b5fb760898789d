/**
 * ISO 8583 codec: data-driven specs (./specs), the cup and ascii87 dialects, MAC, describe().
 * See README.md in this folder.
 */
export type { Dialect, DialectOptions, FieldValue, IsoMessage } from './types';
export { getDialect, createDialect, applyOptions, DIALECT_NAMES, type DialectName } from './dialects';
export { PackError, UnpackError, SpecError } from './errors';
export { SpecDialect, type CompiledField } from './codec';
export {
  validateSpec,
  parseSpec,
  loadSpecFile,
  specToJson,
  builtinSpec,
  SPECS_DIR,
  type MessageSpec,
  type FieldSpec,
  type FieldType,
  type DataEncoding,
  type PrefixKind,
  type PrefixEncoding,
  type Padding,
  type MaskKind,
} from './spec';
export { computeMac, macInput, macField, setMac, verifyMac } from './mac';
export { describe, messageJson, fieldText, tlvFieldMap, tlvNodesOf, maskTrack, maskDigitRuns, type DescribeOptions, type IsoMessageJson } from './describe';
export { buildField60, parseField60, type Field60 } from './field60';
export { responseMti, originalMti, isResponseTo, readHead, sniffMti, type MessageHead } from './head';
