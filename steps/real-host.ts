/** Steps on a profile whose host is real and tapped (issuer.emulated false; docs/desyncs.md "A tapped host"). */
import type { IssuerBankEmulator } from '../emulators/issuer-bank';
import type { PosbenchWorld } from './world';

/**
 * The emulated issuer a step controls or reads, or 'skipped' on a profile whose host is real
 * (issuer.emulated false): the step cannot make a real host decline, delay or hold a balance,
 * so the scenario is reported skipped with the reason on the timeline and in the log.
 */
export function emulatedIssuer(world: PosbenchWorld, needed: string): IssuerBankEmulator | 'skipped' {
  const bench = world.bench;
  if (bench.issuer || !bench.wireLedger) return bench.requireIssuer();
  const reason = `${needed} needs the emulated issuer, but profile ${bench.profile.name} has a real host (issuer.emulated false, ${bench.profile.issuer.address}): the scenario does not apply to it`;
  bench.timeline.record({ source: 'bench', kind: 'bench.skipped', summary: reason, data: { needed } });
  world.log(`skipped: ${reason}`);
  return 'skipped';
}
