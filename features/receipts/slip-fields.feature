@receipts
Feature: What a slip says, read back from the paper
  The oracle reads every complete slip off the printer's paper and holds each field to the
  host's record: the amount (two decimals, 12.05 never 12.5), the masked card number, the
  trace number, the auth code and RRN the host gave, the transaction type, the date and time
  (inside the bench clock's window), the copy label and the reprint mark; and the journal's
  count of receipts printed to the complete slips. The copies printed follow receipt_copies.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:RCPT-06 @req:SYNC-03
  Scenario: A sale with single-digit cents prints them as two digits
    When a sale of 12.05 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the last receipt shows "CNY 12.05"
    And the ledger, journal and receipts are in sync

  @req:RCPT-06
  Scenario: A contactless sale's slip carries the host's auth code and RRN
    When a sale of 7.01 is paid with the card MASTERCARD_CONTACTLESS
    Then the transaction is approved
    And 1 receipt is printed
    And every receipt masks the card number
    And the ledger, journal and receipts are in sync

  @req:RCPT-07 @req:RCPT-01
  Scenario: Two copies: the merchant's and the cardholder's
    Given the terminal setting "receipt_copies" is "2"
    When a sale of 20.09 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 2 receipts are printed
    And the last receipt shows "CARDHOLDER COPY"
    And the ledger, journal and receipts are in sync

  @req:RCPT-07 @req:RCPT-01
  Scenario: Three copies: merchant, cardholder and bank
    Given the terminal setting "receipt_copies" is "3"
    When a sale of 30.10 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    And 3 receipts are printed
    And the last receipt shows "BANK COPY"
    And the ledger, journal and receipts are in sync
