@desync @operator-error @req:OPR-05
Feature: A void or a refund hits the last sale, not an earlier one
  "The last transaction" is the last approved sale, however many came before it in the
  batch; a refund's cap is what is left of that same sale. A terminal that picks another
  sale moves the wrong money, though ledger and journal agree with each other.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: A void after two sales releases the second one
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    And a sale of 40.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the last transaction
    Then the transaction is approved
    And the last receipt shows "40.00"
    And the cardholder account of UNIONPAY_CHIP has a balance of 9975.00
    And the ledger, journal and receipts are in sync

  Scenario: A refund is capped by the last sale, not by a larger one before it
    When a sale of 50.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card UNIONPAY_CHIP
    And the cashier refunds 25.00 of the last transaction
    Then the transaction is refused with error "REFUND_EXCEEDS_ORIGINAL"
    When the cashier refunds 20.00 of the last transaction
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 9950.00
    And the ledger, journal and receipts are in sync
