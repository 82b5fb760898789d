/** The one place a profile's `link.kind` is mapped to its class. */
import type { Link, LinkDevice, LinkKind, LinkProfile } from './types';
import { lineSettingsOf } from './types';
import { MockLink } from './mock';
import { PtyLink } from './pty';
import { SerialLink } from './serial';
import { TcpLink } from './tcp';

const KINDS: { [K in LinkKind]: (spec: Extract<LinkProfile, { kind: K }>, device: LinkDevice, emulated: boolean) => Link } = {
  mock: (spec, device) => new MockLink(device, lineSettingsOf(spec)),
  pty: (spec, device) => new PtyLink(device, lineSettingsOf(spec)),
  serial: (spec, device, emulated) => new SerialLink(device, lineSettingsOf(spec), spec.path, emulated),
  tcp: (spec, device, emulated) => new TcpLink(device, spec.address, emulated),
};

/** The link a profile section describes, not opened yet. `emulated`: the bench drives the device end. */
export function createLink(spec: LinkProfile, device: LinkDevice, emulated: boolean): Link {
  return (KINDS[spec.kind] as (s: LinkProfile, d: LinkDevice, e: boolean) => Link)(spec, device, emulated);
}

export const LINK_KINDS = Object.keys(KINDS) as LinkKind[];
