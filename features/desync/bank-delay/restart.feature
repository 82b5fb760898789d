@desync @bank-delay @restart
Feature: A pending reversal survives a power cycle
  When the host never acknowledges a reversal, the terminal keeps it, across a restart,
  and sends it before the next online transaction.

  @req:REV-02
  Scenario: The unacknowledged reversal goes out before the next sale after a restart
    Given the terminal is signed on
    And the terminal setting "reversal_retries" is "1"
    And the issuer does not respond
    When a sale of 80.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    When the terminal is restarted
    Then the terminal shows "WELCOME"
    And the terminal reports a reversal owed
    When the issuer responds normally
    And a sale of 81.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer has received a reversal of 80.00
    And the cardholder account of UNIONPAY_CHIP has a balance of 9919.00
    And the ledger, journal and receipts are in sync
