@maintenance @req:CFG-04
Feature: Setting the terminal up
  A technician or a till sets the terminal by its settings' wire names (docs/ecr.md,
  Settings). A value the terminal cannot take is refused with a reason that names the
  setting and what it accepts, and the terminal goes on as it was set before; a value it
  takes means the same however it is written.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario Outline: A bad value for <setting> is refused and says what the setting takes
    Then the terminal refuses '<value>' for the setting '<setting>', saying '<reason>'
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the last receipt is printed 32 columns wide

    Examples:
      | setting           | value          | reason                                                    |
      | paper_columns     | 40             | terminal setting "paper_columns": expected 32 or 48, got "40" |
      | receipt_copies    | 4              | terminal setting "receipt_copies": 4 is outside 0..3      |
      | receipt_copies    | two            | terminal setting "receipt_copies": expected a whole number, got "two" |
      | print_receipts    | maybe          | terminal setting "print_receipts": expected on/off, got "maybe" |
      | terminal_id       | PB1            | terminal setting "terminal_id": "PB1" is not 8 characters |
      | merchant_id       | 1234           | terminal setting "merchant_id": "1234" is not 15 characters |
      | nii               | 6              | terminal setting "nii": "6" is not 3 digits (e.g. 006)    |
      | host_address      | nowhere        | terminal setting "host_address": "nowhere" is not host:port |
      | printer_port      | tcp://printer  | terminal setting "printer_port": "tcp://printer" is not a network printer address: tcp://HOST:PORT (port 1–65535) |
      | printer_port      | tcp://10.0.0.9:65536 | terminal setting "printer_port": "tcp://10.0.0.9:65536" is not a network printer address |
      | printer_encoding  | gb 18030       | terminal setting "printer_encoding": "gb 18030" is not an encoding name |
      | printer_baud      | 300            | terminal setting "printer_baud": 300 is outside 1200..921600 |
      | batch_limit       | 1000           | terminal setting "batch_limit": 1000 is outside 1..999    |
      | batch_limit       | 0              | terminal setting "batch_limit": 0 is outside 1..999       |
      | host_timeout_ms   | 0              | terminal setting "host_timeout_ms": 0 is outside 1..600000 |
      | reversal_retries  | 11             | terminal setting "reversal_retries": 11 is outside 0..10  |
      | contactless_limit | lots           | terminal setting "contactless_limit": expected an amount such as 300.00 (in the terminal…) or off, got "lots" |
      | contactless_limit | 0.00           | terminal setting "contactless_limit": a limit of 0.00 would refuse every tap; write off for no limit |
      | terminal_clock    | yesterday      | terminal setting "terminal_clock": "yesterday" is not a local time YYYY-MM-DDTHH:MM:SS (or "system") |
      | terminal_clock    | 2026-02-30T10:00:00x | terminal setting "terminal_clock": "2026-02-30T10:00:00x" is not a local time |
      | defects           | no-such-defect | terminal setting "defects": …no-such-defect… |
      | paper_colour      | white          | terminal setting "paper_colour": unknown setting (known: print_receipts, receipt_copies, … |

  Scenario Outline: Printing switched off as "<off>" and on again as "<on>"
    Given the terminal setting "print_receipts" is "<off>"
    When a sale of 11.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by misconfiguration
    Given the terminal setting "print_receipts" is "<on>"
    When a sale of 12.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

    Examples:
      | off   | on   |
      | off   | on   |
      | no    | yes  |
      | false | true |
      | 0     | 1    |
      | OFF   | On   |

  Scenario Outline: A contactless limit written "<limit>" refuses a tap of <over> and takes one of <under>
    Given the terminal setting "contactless_limit" is "<limit>"
    When the cashier starts a sale of <over>
    And the customer presents the card MASTERCARD_CONTACTLESS
    Then the terminal shows "OVER CONTACTLESS LIMIT"
    When the customer presents the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer received field 22 as "052" in the last financial request
    When a sale of <under> is paid with the card MASTERCARD_CONTACTLESS
    Then the transaction is approved
    And the issuer received field 22 as "072" in the last financial request
    And the ledger, journal and receipts are in sync

    Examples:
      | limit  | over   | under  |
      | 300    | 300.00 | 299.99 |
      | 300.5  | 300.50 | 300.49 |
      | 300.05 | 300.05 | 300.04 |
      | 1.5    | 1.50   | 1.49   |

  Scenario: A setting made at run time survives a power cut
    Given the terminal setting "receipt_copies" is "2"
    When the power fails
    And the power comes back
    And a sale of 13.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 2 receipts are printed
    And the ledger, journal and receipts are in sync
