/**
 * The reference terminal's command line (src/terminal/command-line.ts), read the same way by
 * the process terminal (main.ts) and the in-process one; and main.ts refusing a bad one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_TERMINAL_CONFIG, TerminalConfigError } from '../../src/terminal/config';
import { TerminalUsageError, parseTerminalArgs, settingArgs, terminalArgs } from '../../src/terminal/command-line';
import { PROJECT_ROOT } from '../../src/util/project-root';

const BASE = ['--host', '127.0.0.1:4100', '--printer', '/dev/ttyUSB0', '--reader', '/dev/ttyUSB1', '--state-dir', '/var/lib/pos'];

test('a full command line: addresses, ECR listener, settings in order (the later one wins)', () => {
  const l = parseTerminalArgs([...BASE, '--ecr-port', '4711', '--ecr-host', '0.0.0.0', '--set', 'receipt_copies=2', '--set', 'terminal_id=ABCD1234', '--set', 'receipt_copies=0']);
  assert.equal(l.config.hostAddress, '127.0.0.1:4100');
  assert.equal(l.config.printerPort, '/dev/ttyUSB0');
  assert.equal(l.config.readerPort, '/dev/ttyUSB1');
  assert.equal(l.stateDir, '/var/lib/pos');
  assert.equal(l.ecrPort, 4711);
  assert.equal(l.ecrHost, '0.0.0.0');
  assert.equal(l.config.receiptCopies, 0);
  assert.equal(l.config.terminalId, 'ABCD1234');
  assert.equal(l.config.merchantId, DEFAULT_TERMINAL_CONFIG.merchantId, 'what is not set keeps its default');
});

test('the ECR listener defaults to any free loopback port; a value with = in it is kept whole', () => {
  const l = parseTerminalArgs([...BASE, '--set', 'printer_port=tcp://192.0.2.20:9100']);
  assert.deepEqual([l.ecrHost, l.ecrPort], ['127.0.0.1', 0]);
  assert.equal(l.config.printerPort, 'tcp://192.0.2.20:9100');
});

test('the command line a bench builds reads back as the configuration it came from', () => {
  const settings = { receipt_copies: 2, print_receipts: false, paper_columns: 48, printer_encoding: 'gb18030' };
  assert.deepEqual(settingArgs(settings), ['--set', 'receipt_copies=2', '--set', 'print_receipts=off', '--set', 'paper_columns=48', '--set', 'printer_encoding=gb18030']);
  const l = parseTerminalArgs(terminalArgs({ hostAddress: '127.0.0.1:9', printerPort: 'mock-printer', readerPort: 'mock-reader', stateDir: '/tmp/s', settings }));
  assert.deepEqual(l.config, { ...DEFAULT_TERMINAL_CONFIG, hostAddress: '127.0.0.1:9', printerPort: 'mock-printer', readerPort: 'mock-reader', receiptCopies: 2, printReceipts: false, paperColumns: 48 });
  assert.equal(l.stateDir, '/tmp/s');
});

function usageError(argv: string[]): TerminalUsageError {
  try {
    parseTerminalArgs(argv);
  } catch (e) {
    assert.ok(e instanceof TerminalUsageError, `a TerminalUsageError, got ${String(e)}`);
    return e;
  }
  assert.fail(`no error for ${argv.join(' ')}`);
}

test('a bad command line names the option at fault', () => {
  const cases: [string[], string, RegExp][] = [
    [[...BASE, '--set'], '--set', /needs a value/],
    [[...BASE, '--baud', '9600'], '--baud', /unknown option/],
    [[...BASE, '--set', 'receipt_copies'], '--set', /wants NAME=VALUE, got "receipt_copies"/],
    [[...BASE, '--set', '=2'], '--set', /wants NAME=VALUE/],
    [[...BASE, '--ecr-port', 'x'], '--ecr-port', /expected a TCP port 0–65535.*"x"/],
    [[...BASE, '--ecr-port', '65536'], '--ecr-port', /got "65536"/],
    [BASE.slice(0, 6), '--state-dir', /is required/],
    [[...BASE.slice(0, 4), ...BASE.slice(6)], '--reader', /is required/],
  ];
  for (const [argv, option, reason] of cases) {
    const e = usageError(argv);
    assert.equal(e.option, option, argv.join(' '));
    assert.match(e.message, reason);
    assert.equal(e.code, 'TERMINAL_USAGE');
  }
  assert.equal(parseTerminalArgs([...BASE, '--ecr-port', '65535']).ecrPort, 65535);
  assert.throws(() => parseTerminalArgs([...BASE, '--set', 'receipt_copies=9']), (e) => e instanceof TerminalConfigError && e.setting === 'receipt_copies');
});

test('the terminal process refuses a bad command line with exit 64, the option and the usage', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/terminal/main.ts'), ...BASE, '--baud', '9600'], { encoding: 'utf8', cwd: PROJECT_ROOT });
  assert.equal(r.status, 64);
  assert.match(r.stderr, /^reference terminal: --baud: unknown option\nusage: main\.ts --host/);
});
