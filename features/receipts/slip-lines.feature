@receipts @req:RCPT-05
Feature: Every line of a slip, as it came out of the printer
  A slip is read line by line against the CUP layout of docs/domain.md §4: the title
  centred in double height, the copy name, merchant and terminal, issuer and acquirer, the
  masked card with its entry letter, the transaction type, batch and trace, auth code, date
  and time, RRN, the amount, the remark, the chip data, and the signature block on the
  merchant copy only; the card line, the transaction type and the amount in bold. `…` stands
  for what differs from run to run (date and time, RRN, cryptogram).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: A chip sale's merchant copy on 58 mm paper, line by line
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the last receipt reads:
      """
               银联POS签购单
               POS SALES SLIP
           测试 TESTING 凭证无效
      商户存根 MERCHANT COPY
      --------------------------------
      商户名称: POSBENCH TEST SHOP
      商户编号: 898310048990001
      终端编号: PB000001    操作员: 01
      发卡行: 银联 UNIONPAY
                      收单行: 银联 CUP
      卡号 CARD NO:
      621094******0021 I
      交易类型: 消费 SALE
      批次号: 000001    凭证号: 000002
      授权码 AUTH: …
      日期/时间: …
      参考号 REF: …
      金额 AMOUNT:           CNY 25.00
      备注:
      ARQC: …
      TVR: 0000000000  ATC: 0001
      AID: A000000333010101
      --------------------------------
      持卡人签名 CARDHOLDER SIGNATURE
      """
    And the last receipt prints "银联POS签购单" in double height
    And the last receipt prints "621094******0021 I" in bold
    And the last receipt prints "交易类型: 消费 SALE" in bold
    And the last receipt prints "CNY 25.00" in bold
    And the last receipt prints "POS SALES SLIP" in normal print
    And the last receipt prints "批次号: 000001" in normal print
    And the last receipt prints "备注:" in normal print
    And the ledger, journal and receipts are in sync

  Scenario: A swiped sale's cardholder copy on 80 mm paper, out of test mode
    Given the bench uses the "reference-80mm" hardware profile
    And the terminal is signed on
    And the issuer approves all transactions
    And the terminal setting "receipt_copies" is "2"
    And the terminal setting "test_mode" is "off"
    When a sale of 7.05 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    And 2 receipts are printed
    And the last receipt reads:
      """
                       银联POS签购单
                       POS SALES SLIP
      持卡人存根 CARDHOLDER COPY
      ------------------------------------------------
      商户名称: POSBENCH TEST SHOP
      商户编号: 898310048990001
      终端编号: PB000001                    操作员: 01
      发卡行: 银联 UNIONPAY           收单行: 银联 CUP
      卡号 CARD NO:
      620000******0005 S
      交易类型: 消费 SALE
      批次号: 000001                    凭证号: 000002
      授权码 AUTH: …
      日期/时间: …
      参考号 REF: …
      金额 AMOUNT:                            CNY 7.05
      备注:
      ------------------------------------------------
      """
    And the ledger, journal and receipts are in sync

  @req:OPR-02 @req:OPR-03
  Scenario: A void and a refund slip name their originals
    When a sale of 12.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the last transaction
    Then the transaction is approved
    And the last receipt reads:
      """
               银联POS签购单
               POS SALES SLIP
           测试 TESTING 凭证无效
      商户存根 MERCHANT COPY
      --------------------------------
      商户名称: POSBENCH TEST SHOP
      商户编号: 898310048990001
      终端编号: PB000001    操作员: 01
      发卡行: 银联 UNIONPAY
                      收单行: 银联 CUP
      卡号 CARD NO:
      621094******0021 I
      交易类型: 撤销 VOID
      批次号: 000001    凭证号: 000003
      授权码 AUTH: …
      日期/时间: …
      参考号 REF: …
      金额 AMOUNT:          CNY -12.00
      备注: 原凭证号 ORIG TRACE 000002
      ARQC: …
      TVR: 0000000000  ATC: 0002
      AID: A000000333010101
      --------------------------------
      持卡人签名 CARDHOLDER SIGNATURE
      """
    And the last receipt prints "撤销 VOID" in bold
    When a sale of 30.00 is paid with the card VISA_CHIP
    And the cashier refunds 2.50 of the last transaction
    Then the transaction is approved
    And the last receipt reads:
      """
               银联POS签购单
               POS SALES SLIP
           测试 TESTING 凭证无效
      商户存根 MERCHANT COPY
      --------------------------------
      商户名称: POSBENCH TEST SHOP
      商户编号: 898310048990001
      终端编号: PB000001    操作员: 01
      发卡行: 银联 UNIONPAY
                      收单行: 银联 CUP
      卡号 CARD NO:
      476173******0010 I
      交易类型: 退货 REFUND
      批次号: 000001    凭证号: 000005
      授权码 AUTH: …
      日期/时间: …
      参考号 REF: …
      金额 AMOUNT:           CNY -2.50
      备注:
      原参考号 ORIG REF …
      ARQC: …
      TVR: 0000000000  ATC: 0012
      AID: A0000000031010
      --------------------------------
      持卡人签名 CARDHOLDER SIGNATURE
      """
    And the last receipt prints "CNY -2.50" in bold
    And the ledger, journal and receipts are in sync

  @req:RCPT-02
  Scenario: A reprint carries the DUPLICATE mark in bold under the title
    When a sale of 9.00 is paid with the card UNIONPAY_CHIP
    And the cashier reprints the last receipt
    Then the last receipt reads:
      """
               银联POS签购单
               POS SALES SLIP
              重打印 DUPLICATE
           测试 TESTING 凭证无效
      商户存根 MERCHANT COPY
      …
      """
    And the last receipt prints "重打印 DUPLICATE" in bold
    And the last receipt prints "测试 TESTING 凭证无效" in normal print
    And the ledger, journal and receipts are in sync

  Scenario: A tapped sale's slip carries the entry letter C and the card's own AID
    When a sale of 15.00 is paid with the card MASTERCARD_CONTACTLESS
    Then the transaction is approved
    And the last receipt reads:
      """
      …
      卡号 CARD NO:
      541333******0434 C
      交易类型: 消费 SALE
      …
      TVR: 0000000000  ATC: 0005
      AID: A0000000041010
      --------------------------------
      持卡人签名 CARDHOLDER SIGNATURE
      """
    And the ledger, journal and receipts are in sync

  Scenario: A swiped sale's slip has no chip data lines, its card marked S
    When a sale of 26.00 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    And the last receipt reads:
      """
               银联POS签购单
               POS SALES SLIP
           测试 TESTING 凭证无效
      商户存根 MERCHANT COPY
      --------------------------------
      商户名称: POSBENCH TEST SHOP
      商户编号: 898310048990001
      终端编号: PB000001    操作员: 01
      发卡行: 银联 UNIONPAY
                      收单行: 银联 CUP
      卡号 CARD NO:
      620000******0005 S
      交易类型: 消费 SALE
      批次号: 000001    凭证号: 000002
      授权码 AUTH: …
      日期/时间: …
      参考号 REF: …
      金额 AMOUNT:           CNY 26.00
      备注:
      --------------------------------
      持卡人签名 CARDHOLDER SIGNATURE
      """
    And the ledger, journal and receipts are in sync
