@desync @operator-error @req:OPR-04
Feature: The till is told why a void or a refund was refused
  A refused void or refund reaches the till as an ECR error whose message names the
  original the terminal looked at (its trace number and batch) and why it said no: a settled
  sale is refunded, not voided; a refund returns no more than what is left of its own sale,
  whatever was refunded of other sales (docs/ecr.md, docs/domain.md §1.4).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: A void of the last sale after settlement names that sale, its batch and the open batch
    When a sale of 21.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    When the cashier voids the last transaction
    Then the transaction is refused with error "ORIGINAL_SETTLED", saying "…void refused: the last approved sale (STAN 000002, batch 000001) was settled; the open batch is 000002 — refund it instead"
    And the ledger, journal and receipts are in sync

  Scenario: A void keyed by trace number of a settled sale says it was the sale keyed in
    When a sale of 22.00 is paid with the card UNIONPAY_CHIP
    And the cashier settles the batch
    Then the settlement is balanced
    When a sale of 23.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the sale with trace number "000002" by mistake
    Then the transaction is refused with error "ORIGINAL_SETTLED", saying "…void refused: the sale keyed in (STAN 000002, batch 000001) was settled; the open batch is 000002 — refund it instead"
    And the ledger, journal and receipts are in sync

  Scenario: A refund of one sale does not count against another sale's cap
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    And a sale of 30.00 is paid with the card UNIONPAY_CHIP
    And the cashier refunds 15.00 of the sale with trace number "000002"
    Then the transaction is approved
    When the cashier refunds 30.00 of the last transaction
    Then the transaction is approved
    When the cashier refunds 5.01 of the sale with trace number "000002"
    Then the transaction is refused with error "REFUND_EXCEEDS_ORIGINAL", saying "…refund refused: 501 exceeds what is left of the original sale (STAN 000002, batch 000001: 2000, refunded 1500, left 500)"
    And the cardholder account of UNIONPAY_CHIP has a balance of 9995.00
    And the ledger, journal and receipts are in sync
