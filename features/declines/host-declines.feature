@declines @req:DECL-01
Feature: The host declines, and the terminal shows it, prints nothing and moves no money
  Every response code other than 00 is a decline (docs/domain.md §1.5). The terminal shows
  the code, writes the decline in its journal, prints no sales slip — the reference terminal
  prints no decline slip either — and the cardholder's money stays where it was.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario Outline: The issuer declines with <code> (<meaning>)
    Given the issuer declines transactions with response code "<code>"
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "<code>"
    And the terminal shows "DECLINED <code>"
    And the terminal's journal records the last transaction as declined
    And no receipt is printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

    Examples:
      | code | meaning                     |
      | 05   | do not honour               |
      | 12   | invalid transaction         |
      | 14   | invalid card number         |
      | 51   | insufficient funds          |
      | 54   | expired card                |
      | 55   | incorrect PIN               |
      | 91   | issuer unavailable          |
      | 96   | system malfunction          |

  @req:BENCH-01
  Scenario Outline: With magic amounts on, a sale of <amount> is declined with <code>
    Given the issuer declines by magic amounts
    When a sale of <amount> is paid with the card VISA_CHIP
    Then the transaction is declined with response code "<code>"
    And the terminal shows "DECLINED <code>"
    And the terminal's journal records the last transaction as declined
    And no receipt is printed
    And the cardholder account of VISA_CHIP has a balance of 5000.00
    And the ledger, journal and receipts are in sync

    Examples:
      | amount | code |
      | 30.05  | 05   |
      | 30.12  | 12   |
      | 30.14  | 14   |
      | 30.51  | 51   |
      | 30.54  | 54   |
      | 30.55  | 55   |
      | 30.91  | 91   |
      | 30.96  | 96   |

  Scenario: A declined sale leaves the next sale unaffected
    Given the issuer declines transactions with response code "05"
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "05"
    Given the issuer approves all transactions
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal's journal records the last transaction as approved
    And 1 receipt is printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 9975.00
    And the ledger, journal and receipts are in sync
