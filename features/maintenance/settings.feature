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

  @req:CFG-05
  Scenario: A fresh terminal reads back its factory settings, and the profile's where it sets them
    Then the terminal's setting "terminal_id" reads "PB000001"
    And the terminal's setting "merchant_id" reads "898310048990001"
    And the terminal's setting "nii" reads "006"
    And the terminal's setting "test_mode" reads "on"
    And the terminal's setting "allow_fallback" reads "on"
    And the terminal's setting "batch_limit" reads "500"
    And the terminal's setting "contactless_limit" reads "0"
    And the terminal's setting "terminal_clock" reads ""
    And the terminal's setting "defects" reads ""
    And the terminal's setting "paper_columns" reads "32"
    And the terminal's setting "printer_encoding" reads "gb18030"
    And the terminal's setting "print_receipts" reads "on"
    And the terminal's setting "receipt_copies" reads "1"
    And the terminal's setting "host_timeout_ms" reads "1500"
    And the terminal's setting "connect_timeout_ms" reads "1000"
    And the terminal's setting "card_wait_timeout_ms" reads "5000"
    And the terminal's setting "reversal_retries" reads "3"
    And the terminal's setting "host_address" reads "127.0.0.1:…"

  @req:CFG-04 @req:CFG-05
  Scenario Outline: <setting> written "<value>" is taken and reads "<reads>"
    Given the terminal setting "<setting>" is "<before>"
    And the terminal setting "<setting>" is "<value>"
    Then the terminal's setting "<setting>" reads "<reads>"

    Examples:
      | setting              | before              | value                | reads                |
      | paper_columns        | 48                  | 32                   | 32                   |
      | paper_columns        | 32                  | 48                   | 48                   |
      | printer_encoding     | gb18030             | cp437                | cp437                |
      | host_address         | 192.0.2.1:80        | 192.0.2.9:9100       | 192.0.2.9:9100       |
      | terminal_id          | PB000001            | PB000002             | PB000002             |
      | merchant_id          | 898310048990001     | 898310048990002      | 898310048990002      |
      | nii                  | 006                 | 007                  | 007                  |
      | connect_timeout_ms   | 1000                | 2000                 | 2000                 |
      | card_wait_timeout_ms | 5000                | 6000                 | 6000                 |
      | contactless_limit    | 300                 | OFF                  | 0                    |
      | contactless_limit    | off                 | 12.5                 | 1250                 |
      | terminal_clock       | 2026-01-01T10:00:00 | system               |                      |
      | terminal_clock       | 2026-01-01T10:00:00 |                      |                      |
      | terminal_clock       | system              | 2028-02-29T23:59:59  | 2028-02-29T23:59:59  |
      | defects              | no-reversal-on-timeout |                   |                      |
      | allow_fallback       | on                  | no                   | off                  |
      | printer_baud         | 9600                | 38400                | 38400                |

  @req:CFG-04 @req:CFG-05
  Scenario: Spaces around a value the terminal takes change nothing
    Given the terminal setting "receipt_copies" is "3"
    And the terminal setting "receipt_copies" is " 2 "
    And the terminal setting "test_mode" is "off"
    And the terminal setting "test_mode" is " ON "
    And the terminal setting "contactless_limit" is "300"
    And the terminal setting "contactless_limit" is " 0 "
    Then the terminal's setting "receipt_copies" reads "2"
    And the terminal's setting "test_mode" reads "on"
    And the terminal's setting "contactless_limit" reads "0"

  @req:CFG-04 @req:CFG-05
  Scenario Outline: "<value>" is refused for <setting>, which keeps reading "<kept>"
    Then the terminal refuses '<value>' for the setting '<setting>', saying '<reason>'
    And the terminal's setting "<setting>" reads "<kept>"

    Examples:
      | setting           | value                | reason                                           | kept            |
      | terminal_id       | PB0000011            | "PB0000011" is not 8 characters                  | PB000001        |
      | merchant_id       | 8983100489900011     | "8983100489900011" is not 15 characters          | 898310048990001 |
      | nii               | 0061                 | "0061" is not 3 digits (e.g. 006)                | 006             |
      | host_address      | a b:80               | "a b:80" is not host:port                        | 127.0.0.1:…     |
      | host_address      | a:123456             | "a:123456" is not host:port                      | 127.0.0.1:…     |
      | receipt_copies    | x2                   | expected a whole number, got "x2"                | 1               |
      | receipt_copies    | 2x                   | expected a whole number, got "2x"                | 1               |
      | print_receipts    | on please            | expected on/off, got "on please"                 | on              |
      | contactless_limit | 12.5 CNY             | or off, got "12.5 CNY"                           | 0               |
      | contactless_limit | CNY 12.5             | or off, got "CNY 12.5"                           | 0               |
      | contactless_limit | 12.555               | or off, got "12.555"                             | 0               |
      | terminal_clock    | 2026-02-30T10:00:00  | "2026-02-30T10:00:00" is not a local time        |                 |
      | terminal_clock    | 2026-03-01T24:00:00  | "2026-03-01T24:00:00" is not a local time        |                 |
      | terminal_clock    | 2026-03-01T10:00     | "2026-03-01T10:00" is not a local time           |                 |
      | terminal_clock    | 2026-03-01T10:00:00Z | "2026-03-01T10:00:00Z" is not a local time       |                 |
      | terminal_clock    | 12026-03-01T10:00:00 | "12026-03-01T10:00:00" is not a local time       |                 |
