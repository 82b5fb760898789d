export * from './types';
export { createDut, DUT_KINDS } from './registry';
export { InProcessDut } from './in-process';
export { ProcessDut, commandPlaceholders, expandCommand, settingArgs } from './process';
export { ExternalDut } from './external';
export { OperatorDut } from './operator';
export { dutSchema } from './schema';
