/**
 * The `dut` section of a hardware profile, one variant per kind (discriminated on `run`).
 * The types in types.ts are inferred from it; src/bench/profile.ts embeds it in the
 * profile schema and checks the settings' values by the terminal's own rules.
 */
import { z } from 'zod';

/** A terminal setting as YAML writes it (booleans are on/off). */
const settingValue = z.union([z.string(), z.number(), z.boolean()]);

/** Terminal settings by wire name (see src/terminal/config.ts). */
const dutSettings = z.record(z.string(), settingValue).default({});

export const dutSchema = z.discriminatedUnion('run', [
  /** The reference terminal inside the bench. */
  z.strictObject({ run: z.literal('in-process'), settings: dutSettings }),
  /** A command the bench starts. */
  z.strictObject({
    run: z.literal('process'),
    /** argv with placeholders {host.address} {host.host} {host.port} {printer.path} {reader.path} {ecr.port} {state_dir} {project_root} {node}. */
    command: z.array(z.string()).min(1, 'needs at least the program to run'),
    ready_timeout_ms: z.number().int().positive().default(20000),
    settings: dutSettings,
  }),
  /** Already running: where its ECR port is. */
  z.strictObject({
    run: z.literal('external'),
    ecr: z.strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().min(1).max(65535) }),
    settings: dutSettings,
  }),
  /**
   * No ECR: a person keys in what the steps ask (src/bench/operator-driver.ts). `model` names
   * the terminal in the prompts; `settings` are what the technician set in its menu before
   * the run (the oracle judges the slips by them).
   */
  z.strictObject({
    run: z.literal('operator'),
    model: z.string().min(1, 'names the terminal in the prompts').default('the terminal'),
    settings: dutSettings,
  }),
]);

export type DutProfile = z.infer<typeof dutSchema>;
