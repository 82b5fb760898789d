/**
 * The oracle's public face for the bench and the steps: it lives in src/oracle/ (the rules,
 * the slip reader, the evidence links); this module keeps the old import path.
 */
export * from '../oracle';
