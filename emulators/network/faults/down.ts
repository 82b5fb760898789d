/** down: the network is down — the listener is closed (new connections are refused) and open connections are reset. */
import { BaseFault } from './types';
import type { FaultDefinition, ProxyControl } from './types';
import { FAULT_ATTRIBUTES } from './attributes';

export class DownFault extends BaseFault {
  readonly level = 'proxy' as const;

  activate(proxy: ProxyControl): void {
    proxy.setDown(this.spec.name, true);
  }

  deactivate(proxy: ProxyControl): void {
    proxy.setDown(this.spec.name, false);
  }
}

export const down: FaultDefinition = {
  type: 'down',
  level: 'proxy',
  defaultStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.down,
  create: (spec) => new DownFault(spec),
};
