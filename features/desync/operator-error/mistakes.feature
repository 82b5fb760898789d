@desync @operator-error @req:OPR-06
Feature: The cashier's mistakes are refused where the terminal can tell, and named where it cannot
  People forget the paper roll, settle with a slip still owed, key in the wrong trace
  number, press "sale" twice and cancel too late. A terminal refuses what it can recognise;
  what it cannot, the bench names with the cause operator-error (docs/desyncs.md) — not
  printer-failure, not the firmware.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:RCPT-04
  Scenario: Paper not loaded at the start of the day is the operator's error, not the printer's
    Given the paper roll was not loaded at the start of the day
    When a sale of 31.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "PRINTER OUT OF PAPER"
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by operator-error
    When the technician loads paper
    And the cashier reprints the last receipt
    Then 1 receipt is printed
    And the last receipt is marked as a reprint
    And the ledger, journal and receipts are in sync

  @req:SETL-03
  Scenario: Settling while a slip is still owed closes the batch on a customer without a receipt
    Given the printer has no paper
    When a sale of 32.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    And the bench reports the desync approved-without-receipt caused by operator-error
    When the technician loads paper
    And the cashier reprints the last receipt
    Then the last receipt is marked as a reprint
    And the last receipt shows "CNY 32.00"
    And the ledger, journal and receipts are in sync

  @req:RCPT-02
  Scenario: Reprinting the wrong transaction leaves the torn slip owed
    When a sale of 33.00 is paid with the card UNIONPAY_CHIP
    Given the printer runs out of paper after 8 lines
    When a sale of 34.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the technician loads paper
    And the cashier reprints the receipt with trace number "000002" by mistake
    Then the last receipt shows "CNY 33.00"
    And the bench reports the desync approved-without-receipt caused by operator-error
    When the cashier reprints the receipt with trace number "000003"
    Then the last receipt is marked as a reprint
    And the last receipt shows "CNY 34.00"
    And the ledger, journal and receipts are in sync

  @req:OPR-05
  Scenario: Voiding the wrong transaction voids exactly that one, and the right one can still be voided
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the sale with trace number "000003" by mistake
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 9990.00
    And the ledger, journal and receipts are in sync
    When the cashier voids the sale with trace number "000002"
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  @req:OPR-04
  Scenario: Voiding a settled sale by its trace number is refused, an open one is not
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And the cashier settles the batch
    Then the settlement is balanced
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the sale with trace number "000002" by mistake
    Then the transaction is refused with error "ORIGINAL_SETTLED"
    And the terminal shows "ORIGINAL SETTLED"
    When the cashier voids the last transaction
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 9990.00
    And the ledger, journal and receipts are in sync

  @req:OPR-04
  Scenario: Refunding more than the original named by its trace number is refused
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 90.00 is paid with the card UNIONPAY_CHIP
    And the cashier refunds 10.01 of the sale with trace number "000002"
    Then the transaction is refused with error "REFUND_EXCEEDS_ORIGINAL"
    And the terminal shows "REFUND EXCEEDS ORIGINAL"
    And 2 receipts are printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 9900.00
    And the ledger, journal and receipts are in sync

  @req:NET-02
  Scenario: The same sale sent twice is refused the second time and charged once
    When a sale of 35.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier sends the same sale again
    Then the transaction is refused with error "DUPLICATE_INTENT"
    And the terminal shows "DUPLICATE - ALREADY DONE"
    And 1 receipt is printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 9965.00
    And the ledger, journal and receipts are in sync

  @req:NET-02
  Scenario: A sale sent again after it was voided is still the one already done
    When a sale of 37.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the last transaction
    Then the transaction is approved
    When the cashier sends the same sale again
    Then the transaction is refused with error "DUPLICATE_INTENT"
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  Scenario: Cancelling after the card, while the terminal is online, does not stop the sale
    Given the issuer responds after 300 ms
    When the cashier starts a sale of 36.00
    And the customer presents the card UNIONPAY_CHIP
    And the cashier cancels the transaction while it is online
    Then the transaction is approved
    And 1 receipt is printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 9964.00
    And the ledger, journal and receipts are in sync
