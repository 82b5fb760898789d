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
    And every receipt masks the card number
    When a sale of 84.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "REVERSAL FAILED"
    And 1 receipt is printed
    When the issuer responds normally
    And a sale of 83.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer has received a reversal of 82.00
    And 2 receipts are printed
    And the last receipt shows "消费 SALE"
    And the cardholder account of UNIONPAY_CHIP has a balance of 9917.00
    And the ledger, journal and receipts are in sync
