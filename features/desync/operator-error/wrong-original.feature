@desync @operator-error @req:OPR-04
Feature: The cashier voids or refunds what the terminal must not
  A void reaches the open batch only: a sale already settled is the host's, and only a
  refund gives its money back. A refund never returns more than the sale took. The
  terminal refuses both locally, before asking for a card, so nothing reaches the host and
  the three records stay in sync.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: A void of a sale from a settled batch is refused and nothing is sent
    When a sale of 73.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    When the cashier voids the last transaction
    Then the transaction is refused with error "ORIGINAL_SETTLED"
    And the terminal shows "ORIGINAL SETTLED"
    And the cardholder account of UNIONPAY_CHIP has a balance of 9927.00
    And the ledger, journal and receipts are in sync

  Scenario: A refund of more than the original sale is refused and nothing is sent
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier refunds 25.00 of the last transaction
    Then the transaction is refused with error "REFUND_EXCEEDS_ORIGINAL"
    And the terminal shows "REFUND EXCEEDS ORIGINAL"
    And 1 receipt is printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 9980.00
    And the ledger, journal and receipts are in sync

  Scenario: Two refunds may not together return more than the sale took
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    And the cashier refunds 15.00 of the last transaction
    Then the transaction is approved
    When the cashier refunds 5.01 of the last transaction
    Then the transaction is refused with error "REFUND_EXCEEDS_ORIGINAL"
    When the cashier refunds 5.00 of the last transaction
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  Scenario: A sale from a settled batch is given back by a refund, not a void
    When a sale of 30.00 is paid with the card UNIONPAY_CHIP
    And the cashier settles the batch
    Then the settlement is balanced
    When the cashier refunds 10.00 of the last transaction
    Then the transaction is approved
    And the last receipt shows "退货 REFUND"
    And the cardholder account of UNIONPAY_CHIP has a balance of 9980.00
    And the ledger, journal and receipts are in sync
