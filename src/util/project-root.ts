import { resolve } from 'node:path';

/** The repository's root directory (where package.json, features/ and hardware-profiles/ are). */
export const PROJECT_ROOT = resolve(__dirname, '..', '..');
