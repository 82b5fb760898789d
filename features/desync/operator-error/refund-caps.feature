@desync @operator-error @req:OPR-04
Feature: What a refund may give back is what is left of its own sale
  A refund is capped by its original sale less the refunds the host approved against that
  same sale — in this batch or after it settled. A declined refund gave nothing back, and a
  refund of another sale is no refund of this one (docs/domain.md §1.6).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: A declined refund leaves the whole sale to refund
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Given the issuer declines transactions with response code "05"
    When the cashier refunds 15.00 of the last transaction
    Then the transaction is declined with response code "05"
    Given the issuer approves all transactions
    When the cashier refunds 20.00 of the last transaction
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  Scenario: A refund of another sale does not use up this sale's amount
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card UNIONPAY_CHIP
    And the cashier refunds 15.00 of the sale with trace number "000002"
    Then the transaction is approved
    When the cashier refunds 20.00 of the sale with trace number "000003"
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 9995.00
    And the ledger, journal and receipts are in sync

  Scenario: Refunds after the sale's batch settled are summed against it too
    When a sale of 30.00 is paid with the card UNIONPAY_CHIP
    And the cashier settles the batch
    Then the settlement is balanced
    When the cashier refunds 20.00 of the sale with trace number "000002"
    Then the transaction is approved
    When the cashier refunds 20.00 of the sale with trace number "000002"
    Then the transaction is refused with error "REFUND_EXCEEDS_ORIGINAL"
    And the terminal shows "REFUND EXCEEDS ORIGINAL"
    When the cashier refunds 10.00 of the sale with trace number "000002"
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync
