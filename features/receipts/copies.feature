@receipts @req:RCPT-01
Feature: The terminal prints the configured number of copies
  receipt_copies says how many slips an approval prints: the merchant's copy first, then the
  cardholder's, then the bank's (docs/domain.md §4). None at all is a setting a shop may get
  wrong: the approval then has no receipt, and the bench names it misconfiguration.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:CFG-01
  Scenario: Copies 0: approved without a receipt, named misconfiguration
    Given the terminal setting "receipt_copies" is "0"
    When a sale of 21.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by misconfiguration

  Scenario: Copies 1: the merchant's copy only
    Given the terminal setting "receipt_copies" is "1"
    When a sale of 22.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the last receipt shows "商户存根 MERCHANT COPY"
    And the last receipt shows "持卡人签名 CARDHOLDER SIGNATURE"
    And the ledger, journal and receipts are in sync

  Scenario: Copies 2: the merchant's copy, then the cardholder's
    Given the terminal setting "receipt_copies" is "2"
    When a sale of 23.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 2 receipts are printed
    And the last receipt shows "持卡人存根 CARDHOLDER COPY"
    And the last receipt shows "CNY 23.00"
    And every receipt masks the card number
    And the ledger, journal and receipts are in sync

  Scenario: Copies 2 on a void: both copies say VOID
    Given the terminal setting "receipt_copies" is "2"
    When a sale of 24.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the last transaction
    Then the transaction is approved
    And 4 receipts are printed
    And the last receipt shows "撤销 VOID"
    And the last receipt shows "持卡人存根 CARDHOLDER COPY"
    And the ledger, journal and receipts are in sync

  Scenario: Copies 3: the bank's copy comes last
    Given the terminal setting "receipt_copies" is "3"
    When a sale of 25.00 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    And 3 receipts are printed
    And the last receipt shows "银行存根 BANK COPY"
    And the ledger, journal and receipts are in sync

  Scenario: A roll near its end is a warning: the slip still prints
    Given the printer's paper is near its end
    When a sale of 21.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the printer's paper sensor reports "near-end"
    And the ledger, journal and receipts are in sync
