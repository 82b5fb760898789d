/** The issuer bank emulator: the class, its options, ledger, rules, keys and helpers. */
export { IssuerBankEmulator } from './issuer-bank';
export { IssuerConfigError, DEFAULT_ACCOUNTS, type IssuerBankOptions } from './options';
export type { MessageRecord } from './message-log';
export * from './ledger';
export * from './rules';
export * from './keys';
export { sanitizedHex, maskedFields } from './sanitize';
export type { BadInputKind } from './connection';
export { swapTpdu } from './request-fields';
export { serveControlApi, createControlApp, type ControlApiHandle } from './control-api';
