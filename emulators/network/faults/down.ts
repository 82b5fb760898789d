/** down: the network is down — the listener is closed (new connections are refused) and open connections are reset. */
import { z } from 'zod';
import { BaseFault } from './types';
import type { FaultDefinition, ProxyControl } from './types';

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
  attributes: z.strictObject({}),
  create: (spec) => new DownFault(spec),
};
