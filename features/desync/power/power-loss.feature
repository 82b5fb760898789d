@desync @power-loss
Feature: Power loss anywhere
  The terminal's power can go at any instant. What it wrote before the cut is all it has
  when the power returns: the reversal record stored before the request left, the journal,
  the batch. Whatever the host already did, the terminal must put right first — an owed
  reversal reaches the host before the next sale or settlement — and the oracle must find
  nothing left out of step once it has had its chance (docs/desyncs.md, power-loss).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:PWR-01 @req:REV-02
  Scenario: Power lost while waiting for the host: the owed reversal goes before the next sale
    Given the power fails while the terminal waits for the host
    When a sale of 80.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    And no receipt is printed
    When the power comes back
    And a sale of 81.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer receives the reversal of 80.00 before the sale of 81.00
    And 1 receipt is printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 9919.00
    And the ledger, journal and receipts are in sync

  @req:PWR-01 @req:REV-02
  Scenario: Power lost while waiting for the host: the owed reversal goes before the settlement
    When a sale of 30.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the power fails while the terminal waits for the host
    When a sale of 80.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    When the power comes back
    And the cashier settles the batch
    Then the issuer receives the reversal of 80.00 before the settlement
    And the settlement is balanced
    And the cardholder account of UNIONPAY_CHIP has a balance of 9970.00
    And the ledger, journal and receipts are in sync

  @req:PWR-02
  Scenario: Power lost after the approval, before printing: the sale stands and is reprinted
    Given the power fails after the approval, before the receipt is printed
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    And no receipt is printed
    When the power comes back
    Then the bench reports the desync approved-without-receipt caused by power-loss
    When the cashier reprints the last receipt
    Then 1 receipt is printed
    And the last receipt is marked as a reprint
    And the last receipt shows "CNY 40.00"
    And the cardholder account of UNIONPAY_CHIP has a balance of 9960.00
    And the ledger, journal and receipts are in sync

  @req:PWR-02
  Scenario: Power lost in the middle of a slip: the torn slip is no receipt, the reprint is
    Given the power fails in the middle of a receipt
    When a sale of 45.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    And no receipt is printed
    And the last receipt shows "POS"
    When the power comes back
    Then the bench reports the desync approved-without-receipt caused by power-loss
    When the cashier reprints the last receipt
    Then 1 receipt is printed
    And the last receipt is marked as a reprint
    And every receipt masks the card number
    And the ledger, journal and receipts are in sync

  @req:PWR-03
  Scenario: Power lost during settlement: the closed batch stays closed
    When a sale of 50.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the power fails during settlement
    When the cashier settles the batch
    Then the power failure cuts the transaction short
    When the power comes back
    And a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    And the ledger, journal and receipts are in sync

  @req:PWR-01
  Scenario: Power lost while idle: nothing is owed, the next sale is ordinary
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the power fails
    And the power comes back
    And a sale of 26.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 2 receipts are printed
    And the ledger, journal and receipts are in sync

  @req:PWR-04
  Scenario: A journal record the power tore is dropped at power-on, and the journal goes on
    When a sale of 82.00 is paid with the card UNIONPAY_CHIP
    And a sale of 83.00 is paid with the card UNIONPAY_CHIP
    And the power fails in the middle of a journal write
    And the power comes back
    Then the terminal's journal is intact
    And the terminal's journal records the sale of 83.00 as approved
    And the bench reports the desync receipt-count-mismatch caused by power-loss
    When a sale of 84.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the last receipt shows "凭证号: 000004"
    And the terminal reports 3 records in the open batch
    When the power fails
    And the power comes back
    Then the terminal's journal is intact
    And the terminal reports 3 records in the open batch
    When the cashier settles the batch
    Then the settlement is balanced

  @req:PWR-04
  Scenario: A journal record whose line end the power took is kept, and the next one starts a line of its own
    When a sale of 85.00 is paid with the card UNIONPAY_CHIP
    And the power fails before a journal record's line end is written
    And the power comes back
    Then the terminal's journal records the sale of 85.00 as approved
    When a sale of 86.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the power fails
    And the power comes back
    Then the terminal's journal is intact
    And the terminal reports 2 records in the open batch
    And the ledger, journal and receipts are in sync


  @req:PWR-01 @req:CFG-01
  Scenario: A terminal whose printer port leads nowhere loses its power and comes back, the setting kept
    Given the terminal setting "printer_port" is "/dev/ttyS9"
    When the power fails
    And the power comes back
    Then the terminal shows "WELCOME"
    And the printer's paper sensor reports "unknown"
    When the technician prints a test page
    Then the terminal shows "PRINTER OFFLINE"
    And no receipt is printed

  @req:PWR-04
  Scenario: A journal the power left empty, before its first record, is no obstacle to power-on
    When the power fails
    And the terminal's stored data is tampered with while the power is off: journal-empty
    And the power comes back
    Then the terminal's journal is intact
    When a sale of 89.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal reports 1 record in the open batch
    And the ledger, journal and receipts are in sync
