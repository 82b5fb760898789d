import { Given, When } from '@cucumber/cucumber';
import type { PosbenchWorld } from './world';
import { restartBenchWithProfile } from './hooks';

Given('the bench uses the {string} hardware profile', async function (this: PosbenchWorld, name: string) {
  if (this.bench.profile.name !== name) await restartBenchWithProfile(this, name);
});

Given('the terminal is signed on', async function (this: PosbenchWorld) {
  const r = await this.bench.driver.signOn();
  if (!r.ok) throw new Error(`sign-on failed: ${r.display}${r.reason ? ` (${r.reason})` : ''}${r.responseCode ? ` response ${r.responseCode}` : ''}`);
});

Given('the terminal setting {string} is {string}', async function (this: PosbenchWorld, name: string, value: string) {
  await this.bench.setTerminalSetting(name, value);
});

When('the terminal is restarted', async function (this: PosbenchWorld) {
  await this.bench.restartTerminal();
});
