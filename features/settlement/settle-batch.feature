@settlement
Feature: Settling the batch
  At the end of the day the terminal sends its batch totals; the host compares them with
  its own and moves the held money to the merchant. A batch the two sides count
  differently is unbalanced: the terminal uploads its transactions and the bench names the
  desync.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:SETL-01 @req:OPR-02 @req:OPR-03
  Scenario: Sales, a void and a refund settle balanced
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card VISA_CHIP
    And a sale of 7.00 is paid with the card UNIONPAY_MAGSTRIPE
    And the cashier voids the last transaction
    And the cashier refunds 5.00 of the last transaction
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    And the terminal shows "SETTLEMENT BALANCED"
    And the ledger, journal and receipts are in sync

  @req:SETL-02 @req:REV-01 @req:MSG-02
  Scenario: A sale the terminal gave up on but never reversed unbalances the batch
    Given the terminal setting "defects" is "no-reversal-on-timeout"
    And the issuer responds 300 ms after the terminal's host timeout
    When a sale of 30.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    Given the issuer responds normally
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    And the cashier settles the batch
    Then the terminal shows "SETTLEMENT UNBALANCED"
    And the bench reports the desync settlement-mismatch caused by bank-delay
    And the bench reports the desync unreversed-timeout caused by bank-delay
    And the last receipt shows "对账不平 UNBALANCED - UPLOADED 1"
    And the last receipt prints "对账不平 UNBALANCED - UPLOADED 1" in bold
    And the issuer received field 48 as "0000000040000010000000000000000" in the last settlement
    And the issuer received field 60 as "00000001201" in the last settlement
    And the issuer received field 63 as "01 " in the last settlement
    And the issuer received field 48 as "000003000000004000" in the last batch upload
    And the issuer received field 60 as "00000001201" in the last batch upload

  @req:BATCH-01 @req:SETL-01
  Scenario: At the batch limit the terminal refuses new sales until the batch is settled
    Given the terminal setting "batch_limit" is "3"
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card VISA_CHIP
    And a sale of 30.00 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is refused with error "BATCH_FULL"
    And the terminal shows "BATCH FULL - SETTLE"
    And 3 receipts are printed
    When the cashier settles the batch
    Then the settlement is balanced
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer has approved 40.00
    When the cashier settles the batch
    Then the settlement is balanced
    And the ledger, journal and receipts are in sync

  @req:SETL-03
  Scenario: The settlement slip reports the closed batch and is no sales slip
    When a sale of 10.05 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card VISA_CHIP
    And the cashier refunds 5.00 of the last transaction
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    And 4 receipts are printed
    And the last receipt shows "结算总计单"
    And the last receipt shows "SETTLEMENT"
    And the last receipt shows "对账平 BALANCED"
    And the last receipt shows "借记 DEBIT"
    And the last receipt shows "CNY 30.05"
    And the last receipt shows "CNY 5.00"
    And the last receipt reads:
      """
                 结算总计单
                 SETTLEMENT
           测试 TESTING 凭证无效
      --------------------------------
      商户名称: POSBENCH TEST SHOP
      商户编号: 898310048990001
      终端编号: PB000001    操作员: 01
      批次号 BATCH: 000001
      日期/时间: …
      对账平 BALANCED
      --------------------------------
      类型/TYPE 笔数/COUNT  金额/TOTAL
      借记 DEBIT      2      CNY 30.05
      贷记 CREDIT     1       CNY 5.00
      --------------------------------
      """
    And the last receipt prints "结算总计单" in double height
    And the last receipt prints "对账平 BALANCED" in bold
    And the last receipt prints "SETTLEMENT" in normal print
    And the last receipt prints "类型/TYPE" in normal print
    And the ledger, journal and receipts are in sync

  @req:SETL-03
  Scenario: With receipts off no settlement slip is printed either
    Given the terminal setting "print_receipts" is "off"
    When a sale of 12.00 is paid with the card UNIONPAY_CHIP
    And the cashier settles the batch
    Then the settlement is balanced
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by misconfiguration

  @req:SETL-03
  Scenario: With receipt_copies 0 no settlement slip is printed either
    Given the terminal setting "receipt_copies" is "0"
    When a sale of 13.00 is paid with the card UNIONPAY_CHIP
    And the cashier settles the batch
    Then the settlement is balanced
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by misconfiguration

  @req:SETL-03
  Scenario: Without paper the batch still closes and the terminal shows why no settlement slip came out
    When a sale of 14.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the printer has no paper
    When the cashier settles the batch
    Then the settlement is balanced
    And the terminal shows "PRINTER OUT OF PAPER"
    And 1 receipt is printed
    And the last receipt shows "消费 SALE"
    When the technician loads paper
    And a sale of 15.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 2 receipts are printed
    And the ledger, journal and receipts are in sync

  @req:BATCH-01
  Scenario: At the batch limit a void and a refund are refused too, and the status says the batch is full
    Given the terminal setting "batch_limit" is "2"
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Then the terminal reports 2 records in the open batch
    When the cashier voids the last transaction
    Then the transaction is refused with error "BATCH_FULL"
    And the terminal shows "BATCH FULL - SETTLE"
    When the cashier refunds 5.00 of the last transaction
    Then the transaction is refused with error "BATCH_FULL"
    And 2 receipts are printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 9970.00
    When the cashier settles the batch
    Then the settlement is balanced
    And the terminal reports 0 records in the open batch
    And the ledger, journal and receipts are in sync

  @req:SETL-03
  Scenario: An unbalanced settlement's slip on 80 mm paper, out of test mode
    Given the bench uses the "reference-80mm" hardware profile
    And the terminal is signed on
    And the terminal setting "test_mode" is "off"
    And the terminal setting "defects" is "no-reversal-on-timeout"
    And the issuer responds 300 ms after the terminal's host timeout
    When a sale of 30.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    Given the issuer responds normally
    When a sale of 1234.56 is paid with the card UNIONPAY_CHIP
    And the cashier settles the batch
    Then the terminal shows "SETTLEMENT UNBALANCED"
    And the last receipt reads:
      """
                         结算总计单
                         SETTLEMENT
      ------------------------------------------------
      商户名称: POSBENCH TEST SHOP
      商户编号: 898310048990001
      终端编号: PB000001                    操作员: 01
      批次号 BATCH: 000001
      日期/时间: …
      对账不平 UNBALANCED - UPLOADED 1
      ------------------------------------------------
      类型/TYPE                 笔数/COUNT  金额/TOTAL
      借记 DEBIT                      1    CNY 1234.56
      贷记 CREDIT                     0       CNY 0.00
      ------------------------------------------------
      """
    And the bench reports the desync settlement-mismatch caused by bank-delay
    And the bench reports the desync unreversed-timeout caused by bank-delay
