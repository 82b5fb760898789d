@desync @misconfiguration
Feature: A terminal set up wrong
  Settings are part of the bench: a scenario sets them wrong on purpose, and the bench
  must name misconfiguration as the cause of what follows.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:CFG-01
  Scenario: Receipt printing switched off
    Given the terminal setting "print_receipts" is "off"
    When a sale of 60.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by misconfiguration

  @req:CFG-01
  Scenario: The printer port is set to a device that does not exist
    Given the terminal setting "printer_port" is "/dev/ttyS9"
    When a sale of 61.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "PRINTER OFFLINE"
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by misconfiguration

  @req:CFG-01
  Scenario: The printer baud rate does not match the printer's
    Given the terminal setting "printer_baud" is "9600"
    When a sale of 62.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by misconfiguration

  @req:CFG-01
  Scenario: The host address points nowhere
    Given the terminal setting "host_address" is "127.0.0.1:9"
    When a sale of 63.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "COMMUNICATION ERROR"
    And no receipt is printed
    And the ledger, journal and receipts are in sync
