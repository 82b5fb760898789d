@purchase
Feature: An approved chip sale
  The everyday payment: the cashier rings up a sale, the customer inserts a UnionPay chip
  card, the issuer approves, and the terminal prints one slip. Money, journal and paper
  must agree, and the slip must never show the full card number.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:CARD-01 @req:RCPT-01 @req:RCPT-05 @req:MASK-01
  Scenario: A UnionPay chip sale is approved and printed
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "APPROVED"
    And the issuer has approved 25.00
    And 1 receipt is printed
    And the last receipt shows "25.00"
    And every receipt masks the card number
    And the ledger, journal and receipts are in sync

  @req:SYNC-01 @req:RCPT-05
  Scenario: The cardholder's available balance drops by the sale
    Given the cardholder account of UNIONPAY_CHIP has a balance of 100.00
    When the cashier starts a sale of 30.00
    And the customer presents the card UNIONPAY_CHIP
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 70.00
    And the last receipt shows "CNY 30.00"
    And the ledger, journal and receipts are in sync

  @pty @req:RCPT-01 @req:MASK-01
  Scenario: The same sale with the terminal as its own process on PTY serial links
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And every receipt masks the card number
    And the ledger, journal and receipts are in sync

  @req:BENCH-01
  Scenario: "Approves all" approves every amount, 12.05 included
    When a sale of 12.05 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer has approved 12.05
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

  @req:BENCH-01 @req:DECL-01
  Scenario: Magic amounts decline only after a step switches them on
    Given the issuer declines by magic amounts
    When a sale of 12.05 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "05"
    Given the issuer approves all transactions
    When a sale of 12.05 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the ledger, journal and receipts are in sync
