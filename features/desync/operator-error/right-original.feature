@desync @operator-error @req:OPR-05
Feature: A void or a refund hits the original the cashier names, among several
  The cashier keys in the original's trace number (凭证号, docs/domain.md §1.6); without one
  the terminal takes the last approved sale. Either way exactly that sale is voided or
  refunded — not a declined one, not one the terminal gave up on, not another card's — and
  the others stay held.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: Of three sales, the one named by its trace number is voided
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card UNIONPAY_CHIP
    And a sale of 30.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the sale with trace number "000003"
    Then the transaction is approved
    And the last receipt shows "原凭证号 ORIG TRACE 000003"
    And the last receipt shows "CNY -20.00"
    And the cardholder account of UNIONPAY_CHIP has a balance of 9960.00
    And the terminal reports 4 records in the open batch
    And the ledger, journal and receipts are in sync

  Scenario: Without a trace number the last approved sale is voided, then the one before it
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the last transaction
    Then the transaction is approved
    And the last receipt shows "原凭证号 ORIG TRACE 000003"
    When the cashier voids the last transaction
    Then the transaction is approved
    And the last receipt shows "原凭证号 ORIG TRACE 000002"
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  Scenario: A declined sale in between is not the one voided
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    Given the issuer declines transactions with response code "51"
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "51"
    Given the issuer approves all transactions
    When the cashier voids the last transaction
    Then the transaction is approved
    And the last receipt shows "原凭证号 ORIG TRACE 000002"
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  @req:REV-01
  Scenario: A sale the terminal gave up on and reversed is not the one voided
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    Given the terminal setting "host_timeout_ms" is "200"
    And the network drops the response to the next request
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the issuer has received a reversal of 20.00
    When the cashier voids the last transaction
    Then the transaction is approved
    And the last receipt shows "CNY -10.00"
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  Scenario: A void of the second card's sale releases that card's hold only
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card VISA_CHIP
    And the cashier voids the last transaction
    Then the transaction is approved
    And the cardholder account of VISA_CHIP has a balance of 5000.00
    And the cardholder account of UNIONPAY_CHIP has a balance of 9990.00
    And the ledger, journal and receipts are in sync

  @req:OPR-03
  Scenario: Of two sales, the refund goes against the one named, within what is left of it
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 50.00 is paid with the card UNIONPAY_CHIP
    And the cashier refunds 8.00 of the sale with trace number "000002"
    Then the transaction is approved
    And the last receipt shows "CNY -8.00"
    When the cashier refunds 2.01 of the sale with trace number "000002"
    Then the transaction is refused with error "REFUND_EXCEEDS_ORIGINAL"
    When the cashier refunds 40.00 of the sale with trace number "000003"
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 9988.00
    And the ledger, journal and receipts are in sync

  Scenario: A trace number the batch does not hold voids nothing
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the sale with trace number "000099"
    Then the transaction fails
    And the terminal shows "NO TRANSACTION"
    And the cardholder account of UNIONPAY_CHIP has a balance of 9990.00
    And the ledger, journal and receipts are in sync

  Scenario: A sale already voided cannot be voided again
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the sale with trace number "000002"
    Then the transaction is approved
    When the cashier voids the sale with trace number "000002"
    Then the transaction fails
    And the terminal shows "NO TRANSACTION"
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync
