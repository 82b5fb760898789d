@desync @bank-delay
Feature: The bank answers late, or never
  A slow host is only slow while it answers within the terminal's host timeout. Past it,
  the terminal gives up — and must reverse, because the host may well have approved.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:NET-04
  Scenario: A slow answer within the timeout is a normal sale
    Given the issuer responds after 300 ms
    When a sale of 50.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

  @req:REV-01 @req:REV-03 @req:REV-05
  Scenario: The answer comes after the terminal's timeout: the terminal reverses
    Given the issuer responds 300 ms after the terminal's host timeout
    When a sale of 51.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "HOST TIMEOUT"
    And the issuer has received a reversal of 51.00
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:REV-01 @req:REV-02
  Scenario: The bank never answers; the next sale goes through once it does
    Given the issuer does not respond
    When a sale of 52.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the issuer has received a reversal of 52.00
    Given the issuer responds normally
    When a sale of 53.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 9947.00
    And the ledger, journal and receipts are in sync

  @req:REV-01
  Scenario: Firmware that does not reverse on timeout leaves money held
    Given the terminal setting "defects" is "no-reversal-on-timeout"
    And the issuer does not respond
    When a sale of 54.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the bench reports the desync unreversed-timeout caused by bank-delay
