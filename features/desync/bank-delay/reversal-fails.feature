@desync @bank-delay @req:REV-04
Feature: A reversal the host never acknowledges goes to manual handling
  When every retry of a reversal fails the terminal prints a fault slip (故障单, not a
  receipt) so the merchant can call the acquirer, and keeps the reversal owed: it still
  goes out before the next online transaction, and the fault slip is printed only once.

  Scenario: Every reversal retry fails: a fault slip once, and the reversal still replays
    Given the terminal is signed on
    And the terminal setting "reversal_retries" is "2"
    And the issuer does not respond
    When a sale of 82.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And 1 receipt is printed
    And the last receipt shows "故障单 FAULT SLIP"
    And the last receipt shows "冲正金额 REVERSAL: CNY 82.00"
    And the last receipt shows "REVERSAL FAILED - CALL ACQUIRER"
    And the last receipt reads:
      """
             故障单 FAULT SLIP
           ***故障单,非凭证联***
               NOT A RECEIPT
           测试 TESTING 凭证无效
      --------------------------------
      商户名称: POSBENCH TEST SHOP
      商户编号: 898310048990001
      终端编号: PB000001
      卡号 CARD: 621094******0021
      交易类型: 消费 SALE
      批次号 BATCH: 000001
      原凭证号 ORIG TRACE 000002
      冲正金额 REVERSAL: CNY 82.00
      原因 REASON: 98  尝试 TRIES: 2
      日期/时间: …
      --------------------------------
      冲正不成功,请人工处理
      REVERSAL FAILED - CALL ACQUIRER
      """
    And the last receipt prints "故障单 FAULT SLIP" in double height
    And the last receipt prints "冲正金额 REVERSAL: CNY 82.00" in bold
    And the last receipt prints "冲正不成功,请人工处理" in bold
    And the last receipt prints "NOT A RECEIPT" in normal print
    And the last receipt prints "原因 REASON: 98" in normal print
    And the last receipt prints "REVERSAL FAILED - CALL ACQUIRER" in normal print
    And every receipt masks the card number
    When a sale of 84.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "REVERSAL FAILED"
    And 1 receipt is printed
    And the terminal's journal gives the sale of 82.00 the reason "timeout: no reply within … ms; reversal not acknowledged after 2 tries: manual handling"
    When the issuer responds normally
    And a sale of 83.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer has received a reversal of 82.00
    And 2 receipts are printed
    And the last receipt shows "消费 SALE"
    And the cardholder account of UNIONPAY_CHIP has a balance of 9917.00
    And the ledger, journal and receipts are in sync

  Scenario: A void whose reversal fails every retry: the fault slip names the void, on 80 mm out of test mode
    Given the bench uses the "reference-80mm" hardware profile
    And the terminal is signed on
    And the terminal setting "reversal_retries" is "1"
    And the terminal setting "test_mode" is "off"
    And the issuer approves all transactions
    When a sale of 61.00 is paid with the card VISA_CHIP
    Then the transaction is approved
    Given the issuer does not respond
    When the cashier voids the last transaction
    Then the transaction fails
    And the last receipt reads:
      """
                     故障单 FAULT SLIP
                   ***故障单,非凭证联***
                       NOT A RECEIPT
      ------------------------------------------------
      商户名称: POSBENCH TEST SHOP
      商户编号: 898310048990001
      终端编号: PB000001
      卡号 CARD: 476173******0010
      交易类型: 撤销 VOID
      批次号 BATCH: 000001
      原凭证号 ORIG TRACE 000003
      冲正金额 REVERSAL: CNY 61.00
      原因 REASON: 98  尝试 TRIES: 1
      日期/时间: …
      ------------------------------------------------
      冲正不成功,请人工处理
      REVERSAL FAILED - CALL ACQUIRER
      """
    And the ledger, journal and receipts are in sync
