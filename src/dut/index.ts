export * from './types';
export { createDut, DUT_KINDS } from './registry';
export { InProcessDut } from './in-process';
export { ProcessDut, commandPlaceholders, expandCommand } from './process';
export { settingArgs } from '../terminal/command-line';
export { ExternalDut } from './external';
export { OperatorDut } from './operator';
export { dutSchema } from './schema';
