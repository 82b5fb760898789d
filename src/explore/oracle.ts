/**
 * The oracle, as explore sees it: the one module of src/explore/ that imports it, so a move
 * of the oracle is a one-line change here.
 */
export { CAUSES, DESYNC_TYPES, formatDesyncTable } from '../bench/oracle';
export type { Cause, Desync, DesyncType, PaperRecord, ReceiptFormat } from '../bench/oracle';
