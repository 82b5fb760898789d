@purchase @req:RCPT-05 @req:SYNC-01
Feature: Amounts with odd cents reach the host, the journal and the slip unchanged
  Field 4 is the amount in minor units, n12 (docs/domain.md §1.4); the slip prints it with
  two decimals (docs/domain.md §4). Single-digit cents, one cent and large amounts must come
  out exactly as the cashier keyed them.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario Outline: A sale of <amount> is approved, held and printed as <amount>
    When a sale of <amount> is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer has approved <amount>
    And the last receipt shows "CNY <amount>"
    And the cardholder account of UNIONPAY_CHIP has a balance of <left>
    And the ledger, journal and receipts are in sync

    Examples:
      | amount  | left    |
      | 0.01    | 9999.99 |
      | 0.09    | 9999.91 |
      | 1.01    | 9998.99 |
      | 7.07    | 9992.93 |
      | 99.90   | 9900.10 |
      | 9999.99 | 0.01    |
