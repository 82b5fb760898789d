/**
 * Hardware profiles: one YAML file per bench in hardware-profiles/. Validated strictly —
 * an unknown or bad key is a ProfileError naming the file and the key path. Environment
 * variables are substituted only where asked for: "${env:NAME}" or "${env:NAME:-default}".
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { PosbenchError } from '../util/errors';
import { AddressError, parseHostPort } from '../util/address';
import { PROJECT_ROOT } from '../util/project-root';
import { dutSchema } from '../dut/schema';
import { printerLink, serialLink } from './links/schema';
import { DEFAULT_TERMINAL_CONFIG, TerminalConfigError, applySetting, settingText } from '../terminal/config';
import { DEFAULT_RECEIPT_FORMAT } from '../oracle/slip-reader';

export { PROJECT_ROOT };
export const PROFILE_DIR = join(PROJECT_ROOT, 'hardware-profiles');

export class ProfileError extends PosbenchError {
  constructor(
    readonly file: string,
    readonly keyPath: string,
    reason: string,
  ) {
    super('PROFILE', `${file}${keyPath ? `: ${keyPath}` : ''}: ${reason}`);
  }
}

export const profileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
  description: z.string().default(''),
  /** ISO 4217 alpha code used for amounts without one. */
  currency: z.string().regex(/^[A-Z]{3}$/).default('CNY'),
  /** Seed for every random choice on the bench. */
  seed: z.number().int().nonnegative().default(1),
  dut: dutSchema,
  issuer: z.strictObject({
    emulated: z.boolean().default(true),
    dialect: z.enum(['cup']).default('cup'),
    /** Not emulated: the real host's address, "host:port" ("[::1]:port" for IPv6). */
    address: z
      .string()
      .superRefine((text, ctx) => {
        try {
          parseHostPort(text);
        } catch (e) {
          if (!(e instanceof AddressError)) throw e;
          ctx.addIssue({ code: 'custom', message: e.message });
        }
      })
      .optional(),
  }),
  network: z.strictObject({
    emulated: z.boolean().default(true),
    /** Where the proxy listens for the terminal: loopback unless a physical terminal must reach it. */
    listen_host: z.string().default('127.0.0.1'),
  }),
  printer: z.strictObject({
    emulated: z.boolean().default(true),
    link: printerLink,
    columns: z.union([z.literal(32), z.literal(48)]).default(32),
    encoding: z.string().default('gb18030'),
    /**
     * A real printer behind posbench (src/bench/printer-tap.ts): the real printer's serial
     * port; `link` is then the terminal's cable to the bench. Needs `emulated: false`.
     */
    tap: serialLink.options[2].optional(),
  }),
  reader: z.strictObject({
    emulated: z.boolean().default(true),
    link: serialLink,
  }),
  /**
   * The live bench page of `posbench emulate` (src/live/): where it listens. Loopback by
   * default; any other address needs `token` (requests without it are answered 401).
   */
  page: z
    .strictObject({
      listen_host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(0),
      token: z.string().min(16, 'at least 16 characters (write it as ${env:NAME} to keep it out of the file)').optional(),
    })
    .default({ listen_host: '127.0.0.1', port: 0 }),
  /** How the oracle finds transactions on paper (regexes with one capture group). */
  receipt_format: z
    .strictObject({
      trace: z.string().default(DEFAULT_RECEIPT_FORMAT.trace),
      amount: z.string().default(DEFAULT_RECEIPT_FORMAT.amount),
      reprint: z.string().default(DEFAULT_RECEIPT_FORMAT.reprint),
      batch: z.string().default(DEFAULT_RECEIPT_FORMAT.batch),
      pan: z.string().default(DEFAULT_RECEIPT_FORMAT.pan),
      auth: z.string().default(DEFAULT_RECEIPT_FORMAT.auth),
      rrn: z.string().default(DEFAULT_RECEIPT_FORMAT.rrn),
      type: z.string().default(DEFAULT_RECEIPT_FORMAT.type),
      datetime: z.string().default(DEFAULT_RECEIPT_FORMAT.datetime),
      copy: z.string().default(DEFAULT_RECEIPT_FORMAT.copy),
      slip: z.string().default(DEFAULT_RECEIPT_FORMAT.slip),
      settlement: z.string().default(DEFAULT_RECEIPT_FORMAT.settlement),
      closing_batch: z.string().default(DEFAULT_RECEIPT_FORMAT.closing_batch),
      settlement_debits: z.string().default(DEFAULT_RECEIPT_FORMAT.settlement_debits),
      settlement_credits: z.string().default(DEFAULT_RECEIPT_FORMAT.settlement_credits),
      settlement_balanced: z.string().default(DEFAULT_RECEIPT_FORMAT.settlement_balanced),
      settlement_unbalanced: z.string().default(DEFAULT_RECEIPT_FORMAT.settlement_unbalanced),
      fault: z.string().default(DEFAULT_RECEIPT_FORMAT.fault),
      fault_trace: z.string().default(DEFAULT_RECEIPT_FORMAT.fault_trace),
      fault_amount: z.string().default(DEFAULT_RECEIPT_FORMAT.fault_amount),
      fault_card: z.string().default(DEFAULT_RECEIPT_FORMAT.fault_card),
    })
    .default({ ...DEFAULT_RECEIPT_FORMAT }),
});

/** receipt_format patterns that only mark a kind of slip or a word on it (no capture group), and those that read two values. */
const RECEIPT_FORMAT_MARKS = ['reprint', 'slip', 'settlement', 'settlement_balanced', 'settlement_unbalanced', 'fault'];
const RECEIPT_FORMAT_PAIRS = ['settlement_debits', 'settlement_credits'];

export type HardwareProfile = z.infer<typeof profileSchema> & { file: string };

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function substituteEnv(value: unknown, file: string, path: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REF, (_m, name: string, dflt: string | undefined) => {
      const v = process.env[name] ?? dflt;
      if (v === undefined) throw new ProfileError(file, path.join('.'), `environment variable ${name} is not set (write \${env:${name}:-default} for a default)`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, file, [...path, String(i)]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, file, [...path, k])]));
  }
  return value;
}

/** Settings the bench derives from elsewhere in the profile; a profile setting them would be a second home. */
const DERIVED_SETTINGS: Record<string, string> = {
  printer_baud: 'the printer\'s baud rate has one home, printer.link.line.baud: the bench gives the terminal the same',
  printer_port: 'the bench gives the terminal the printer link\'s path',
  host_address: 'the bench gives the terminal the address of the network proxy (or the issuer)',
  paper_columns: 'the bench gives the terminal printer.columns',
  printer_encoding: 'the bench gives the terminal printer.encoding',
};

/** One setting by the terminal's own rule (src/terminal/config.ts): one rule, not two; a value it refuses is a ProfileError at keyPath. */
function checkSetting(name: string, value: string | number | boolean, file: string, keyPath: string): void {
  try {
    applySetting(DEFAULT_TERMINAL_CONFIG, name, settingText(value));
  } catch (e) {
    if (e instanceof TerminalConfigError) throw new ProfileError(file, keyPath, e.reason);
    throw e;
  }
}

/** Setting names and values, by the terminal's own rules. */
function checkSettings(settings: Record<string, string | number | boolean>, file: string): void {
  for (const [name, value] of Object.entries(settings)) {
    const keyPath = `dut.settings.${name}`;
    if (DERIVED_SETTINGS[name]) throw new ProfileError(file, keyPath, `not set here: ${DERIVED_SETTINGS[name]}`);
    checkSetting(name, value, file, keyPath);
  }
}

export function parseProfile(text: string, file: string): HardwareProfile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const pos = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    throw new ProfileError(file, '', `not valid YAML${pos}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!raw || typeof raw !== 'object') throw new ProfileError(file, '', 'a profile is a YAML mapping');
  const result = profileSchema.safeParse(substituteEnv(raw, file, []));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    let keyPath = issue.path.map(String).join('.');
    let reason = issue.message;
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
      // A key a variant needs: say which variant (dut.run, link.kind) asked for it.
      const parent = issue.path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k as string], raw) as Record<string, unknown> | undefined;
      const tag = parent && (typeof parent.run === 'string' ? `run is "${parent.run}"` : typeof parent.kind === 'string' ? `kind is "${parent.kind}"` : '');
      reason = `required${tag ? ` when ${[...issue.path.slice(0, -1).map(String), tag].join('.')}` : ''} (${issue.expected})`;
    }
    if (issue.code === 'unrecognized_keys') {
      keyPath = [...issue.path.map(String), issue.keys[0]].join('.');
      reason = `unknown key "${issue.keys[0]}"`;
      const parent = issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k as string], raw) as Record<string, unknown> | undefined;
      if (parent?.kind === 'tcp' && issue.keys[0] === 'line') reason += ': a tcp link is a network printer, it has no serial line settings';
    }
    throw new ProfileError(file, keyPath, reason);
  }
  const p = result.data;
  checkSettings(p.dut.settings, file);
  checkSetting('printer_encoding', p.printer.encoding, file, 'printer.encoding'); // the terminal gets it as that setting
  const pl = p.printer.link;
  if (p.printer.tap && p.printer.emulated) throw new ProfileError(file, 'printer.tap', 'a tapped printer is a real one: set printer.emulated to false');
  if (p.printer.tap && pl.kind === 'tcp') throw new ProfileError(file, 'printer.link.kind', 'with printer.tap, link is the terminal\'s serial cable to the bench (mock, pty or serial), not tcp');
  if (pl.kind === 'tcp' && !p.printer.emulated && (!pl.address || Number(pl.address.slice(pl.address.lastIndexOf(':') + 1)) === 0)) {
    throw new ProfileError(file, 'printer.link.address', `required when printer.emulated is false: the network printer's HOST:PORT (e.g. 192.0.2.20:9100)${pl.address ? ', not port 0' : ''}`);
  }
  if (!isLoopbackHost(p.page.listen_host) && !p.page.token) {
    throw new ProfileError(file, 'page.token', `required when page.listen_host is ${p.page.listen_host}: a page reachable from other machines answers only requests that carry the token`);
  }
  for (const [k, re] of Object.entries(p.receipt_format)) {
    let groups: number;
    try {
      groups = new RegExp(`${re}|`).exec('')!.length - 1;
    } catch (e) {
      throw new ProfileError(file, `receipt_format.${k}`, `not a regular expression: ${(e as Error).message}`);
    }
    const wanted = RECEIPT_FORMAT_MARKS.includes(k) ? 0 : RECEIPT_FORMAT_PAIRS.includes(k) ? 2 : 1;
    if (groups < wanted) throw new ProfileError(file, `receipt_format.${k}`, wanted === 2 ? 'needs two capture groups: the count, then the total' : 'needs one capture group: the part of the receipt that holds the value');
  }
  return { ...p, file };
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Load a profile by name (hardware-profiles/NAME.yaml) or by path. */
export function loadProfile(nameOrPath: string): HardwareProfile {
  const file = nameOrPath.endsWith('.yaml') || nameOrPath.endsWith('.yml') ? (isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath)) : join(PROFILE_DIR, `${nameOrPath}.yaml`);
  if (!existsSync(file)) {
    throw new ProfileError(file, '', `no such profile (known: ${listProfiles().join(', ')})`);
  }
  return parseProfile(readFileSync(file, 'utf8'), file);
}

export function listProfiles(): string[] {
  if (!existsSync(PROFILE_DIR)) return [];
  return readdirSync(PROFILE_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => basename(f, '.yaml'))
    .sort();
}

/**
 * The physical devices a profile puts on the bench (a terminal that is already running, a
 * real printer or reader, a real serial port under an emulator): scenarios on such a bench
 * share them, so they run one at a time (`posbench run` refuses --parallel above 1).
 */
export function physicalDevices(p: HardwareProfile): string[] {
  const out: string[] = [];
  if (p.dut.run === 'external') out.push(`the terminal at dut.ecr ${p.dut.ecr.host}:${p.dut.ecr.port}`);
  if (p.dut.run === 'operator') out.push(`the terminal ${p.dut.model}, keyed in by the operator`);
  for (const d of ['printer', 'reader'] as const) {
    const link = p[d].link;
    const tap = d === 'printer' ? p.printer.tap : undefined;
    if (tap) out.push(`the real printer on ${tap.path} (tapped)`);
    if (!p[d].emulated && !tap) out.push(`the real ${d}${link.kind === 'serial' ? ` on ${link.path}` : link.kind === 'tcp' && link.address ? ` at ${link.address}` : ''}`);
    else if (link.kind === 'serial') out.push(`the serial port ${link.path} under the ${d} emulator`);
  }
  return out;
}
