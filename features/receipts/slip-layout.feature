@receipts @req:RCPT-05
Feature: The slip reads in Chinese and English, on 58 mm and 80 mm paper
  The CUP sales slip (签购单) carries its labels in Chinese with the English beside them, in
  the order of docs/domain.md §4; the lines fit the paper: 32 columns on a 58 mm roll, 48 on
  80 mm. Every scenario reads what really came out of the printer.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: A 32-column slip in Chinese and English
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the last receipt shows "银联POS签购单"
    And the last receipt shows "POS SALES SLIP"
    And the last receipt shows "商户存根 MERCHANT COPY"
    And the last receipt shows "交易类型: 消费 SALE"
    And the last receipt shows "卡号 CARD NO:"
    And the last receipt shows "授权码 AUTH:"
    And the last receipt shows "参考号 REF:"
    And the last receipt shows "金额 AMOUNT:           CNY 25.00"
    And the last receipt is printed 32 columns wide
    And the ledger, journal and receipts are in sync

  Scenario: A 48-column slip on 80 mm paper
    Given the bench uses the "reference-80mm" hardware profile
    And the terminal is signed on
    And the issuer approves all transactions
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the last receipt shows "银联POS签购单"
    And the last receipt shows "持卡人签名 CARDHOLDER SIGNATURE"
    And the last receipt shows "金额 AMOUNT:                           CNY 25.00"
    And the last receipt is printed 48 columns wide
    And every receipt masks the card number
    And the ledger, journal and receipts are in sync

  @req:OPR-02
  Scenario: A void slip names the original's trace number
    When a sale of 12.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the last transaction
    Then the transaction is approved
    And the last receipt shows "交易类型: 撤销 VOID"
    And the last receipt shows "原凭证号 ORIG TRACE 000002"
    And the last receipt shows "CNY -12.00"
    And the ledger, journal and receipts are in sync

  @req:OPR-03
  Scenario: A refund slip names the original's reference number
    When a sale of 12.00 is paid with the card VISA_CHIP
    And the cashier refunds 2.00 of the last transaction
    Then the transaction is approved
    And the last receipt shows "交易类型: 退货 REFUND"
    And the last receipt shows "原参考号 ORIG REF"
    And the last receipt shows "CNY -2.00"
    And the ledger, journal and receipts are in sync

  Scenario: A chip slip carries the chip data, a swiped one its entry letter
    When a sale of 5.00 is paid with the card UNIONPAY_CHIP
    Then the last receipt shows "ARQC:"
    And the last receipt shows "AID:"
    When a sale of 6.00 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    And the last receipt shows "******"
    And every receipt masks the card number
    And the ledger, journal and receipts are in sync
