/**
 * The reference terminal's firmware id, answered in ECR `status` (src/protocols/ecr/contract.ts
 * FirmwareId): posbench's version, and the seeded defects switched on (docs/desyncs.md,
 * Seeded firmware defects) as build metadata — a terminal with a defect is other firmware.
 */
import type { FirmwareId } from '../protocols/ecr/contract';
import type { TerminalConfig } from './config';

export const REFERENCE_FIRMWARE_NAME = 'posbench-reference-terminal';

const VERSION: string = (require('../../package.json') as { version: string }).version;

export function referenceFirmware(config: Pick<TerminalConfig, 'defects'>): FirmwareId {
  const defects = [...config.defects].sort();
  return { name: REFERENCE_FIRMWARE_NAME, version: defects.length ? `${VERSION}+defects.${defects.join('.')}` : VERSION };
}
