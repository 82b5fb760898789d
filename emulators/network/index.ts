/** The network fault proxy: public API. */
export { NetworkProxy, FaultExistsError } from './proxy';
export type { NetworkProxyOptions } from './proxy';
export { createControlApp, fromToxiproxyAttributes, serveControlApi } from './control-api';
export type { ControlApiOptions, ControlApiHandle } from './control-api';
export { ProxyRegistry, ProxyConfigError, ProxyExistsError, ProxyNotFoundError } from './registry';
export type { ProxyConfig, ProxyDefaults, ProxyUpdate } from './registry';
export { FAULT_TYPES } from './faults';
export { FaultConfigError, UnknownFaultError, ProxyStateError } from './types';
export type { FaultAttributesByType, FaultSpec, FaultSpecInput, FaultType, FiredFault, MessageRef, Stream } from './types';
export { sniffMti, isResponseTo } from '../../src/protocols/iso8583/head';
export type { TappedFrame, FrameTap } from './wire-tap';
