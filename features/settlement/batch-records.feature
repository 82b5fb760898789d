@settlement
Feature: What counts toward the batch limit
  Every sale, void and refund the host approved is a record of the batch; a sale voided later
  stays one, and declined or failed attempts never entered it (docs/domain.md §1.6, batch limit).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:BATCH-01
  Scenario: An approved refund is a record: with a limit of 2, a sale and its refund fill the batch
    Given the terminal setting "batch_limit" is "2"
    When a sale of 30.00 is paid with the card UNIONPAY_CHIP
    And the cashier refunds 10.00 of the last transaction
    Then the transaction is approved
    And the terminal reports 2 records in the open batch
    When a sale of 31.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is refused with error "BATCH_FULL"
    And the terminal shows "BATCH FULL - SETTLE"
    And the ledger, journal and receipts are in sync

  @req:BATCH-01
  Scenario: A voided sale stays a record beside its void: with a limit of 2, the batch is full
    Given the terminal setting "batch_limit" is "2"
    When a sale of 32.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the last transaction
    Then the transaction is approved
    And the terminal reports 2 records in the open batch
    When a sale of 33.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is refused with error "BATCH_FULL"
    And the ledger, journal and receipts are in sync
