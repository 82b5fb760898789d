/** Every fault type, in one place (a plain object: nothing registers itself on import). */
import type { FaultType } from '../types';
import type { FaultDefinition } from './types';
import { latency } from './latency';
import { bandwidth } from './bandwidth';
import { timeout } from './timeout';
import { resetPeer } from './reset-peer';
import { slowClose } from './slow-close';
import { slicer } from './slicer';
import { limitData } from './limit-data';
import { down } from './down';
import { dropResponse } from './drop-response';
import { dropMessage } from './drop-message';
import { holdResponse } from './hold-response';
import { duplicateResponse } from './duplicate-response';
import { resetAfterRequest } from './reset-after-request';
import { resetAfterApproval } from './reset-after-approval';
import { flipByte } from './flip-byte';

export const FAULT_TYPES: Readonly<Record<FaultType, FaultDefinition>> = {
  latency,
  bandwidth,
  timeout,
  reset_peer: resetPeer,
  slow_close: slowClose,
  slicer,
  limit_data: limitData,
  down,
  drop_response: dropResponse,
  drop_message: dropMessage,
  hold_response: holdResponse,
  duplicate_response: duplicateResponse,
  reset_after_request: resetAfterRequest,
  reset_after_approval: resetAfterApproval,
  flip_byte: flipByte,
};

export type { Fault, FaultDefinition, FaultLinkContext, Item, Next } from './types';
