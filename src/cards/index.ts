export {
  loadCardCatalog,
  parseCardCatalog,
  CardCatalog,
  CardCatalogError,
  isExpired,
  uniqueAccounts,
  DEFAULT_CARD_CATALOG_PATH,
  type Card,
  type EmvData,
  type Presentation,
} from './catalog';
export { computeArqc, verifyArqc, checkArqc, ArqcVerifier, formatYymmdd, type ArqcInput, type ArqcCheck, type ArqcVerdict } from './arqc';
export { tlvMap, encodeTlvPairs, bcd, unbcd } from '../protocols/tlv';
