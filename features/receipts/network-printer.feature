@receipts @req:RCPT-04
Feature: A receipt printer on the network
  Many shops put the receipt printer on the LAN (raw TCP, port 9100 by convention) instead
  of a serial cable. The terminal dials it for each print job, asks its status (DLE EOT)
  over the same connection, prints, and hangs up. A printer it cannot reach is offline to
  it, as a silent serial one is; nothing about the money changes.

  Background:
    Given the bench uses the "reference-netprinter" hardware profile
    And the terminal is signed on
    And the issuer approves all transactions

  Scenario: A sale's slip comes out of the network printer, and so does the next one
    When a sale of 60.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the last receipt shows "CNY 60.00"
    When a sale of 61.00 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    And 2 receipts are printed
    And the ledger, journal and receipts are in sync

  Scenario: A network printer that is off: approved without a receipt, reprinted once it is back
    Given the printer is offline
    When a sale of 62.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "PRINTER OFFLINE"
    And the bench reports the desync approved-without-receipt caused by printer-failure
    When the printer comes back online
    And the cashier reprints the last receipt
    Then 1 receipt is printed
    And the last receipt is marked as a reprint
    And the ledger, journal and receipts are in sync

  @req:CFG-01
  Scenario: The terminal set to a network printer address where none listens
    Given the terminal setting "printer_port" is "tcp://127.0.0.1:9"
    When a sale of 63.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "PRINTER OFFLINE"
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by misconfiguration

  Scenario: The paper sensor and the test page over the network
    Then the printer's paper sensor reports "present"
    When the technician prints a test page
    Then 1 receipt is printed
    And the last receipt shows "打印测试 PRINTER TEST"
    Given the printer has no paper
    Then the printer's paper sensor reports "out"

  @req:PWR-02
  Scenario: Power lost in the middle of a slip on a network printer: the torn slip is no receipt, the reprint is
    Given the power fails in the middle of a receipt
    When a sale of 64.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    And no receipt is printed
    When the power comes back
    Then the bench reports the desync approved-without-receipt caused by power-loss
    When the cashier reprints the last receipt
    Then 1 receipt is printed
    And the last receipt is marked as a reprint
    And the ledger, journal and receipts are in sync
