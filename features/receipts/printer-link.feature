@receipts
Feature: The forms of a network printer address
  A network printer is set as tcp://HOST:PORT — a name, an IPv4 address or an IPv6 address
  in brackets, and a port from 1 to 65535 (docs/domain.md §2). Every such form is taken and
  dialled; anything else is refused with the reason, and the setting keeps its value.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:CFG-04 @req:CFG-01
  Scenario Outline: A printer address written <address> is taken and dialled: nobody answers there
    Given the terminal setting "printer_port" is "<address>"
    When a sale of 65.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "PRINTER OFFLINE"
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by misconfiguration

    Examples:
      | address               |
      | tcp://127.0.0.1:1     |
      | tcp://127.0.0.1:65535 |
      | tcp://[::1]:9         |

  @req:CFG-04
  Scenario Outline: A printer address written <address> is refused
    Then the terminal refuses '<address>' for the setting 'printer_port', saying 'terminal setting "printer_port": "<address>" is not a network printer address: tcp://HOST:PORT (port 1–65535)'
    When a sale of 66.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

    Examples:
      | address                 |
      | tcp://10.0.0.9:0        |
      | tcp://10.0.0.9:9100/raw |
      | tcp://[fe80::zz]:9100   |

  @req:CFG-01
  Scenario: A printer address that lands on a device that is not a printer: no printer there, nothing printed
    Given the terminal's printer address points at a network device that only echoes what it gets
    When a sale of 67.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "PRINTER OFFLINE"
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by misconfiguration
