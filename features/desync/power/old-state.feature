@desync @power-loss
Feature: A terminal upgraded from firmware that kept its state in clear
  Older firmware wrote state.json in clear: the working MAC key and an owed reversal's
  request fields — the card number among them — readable by anyone who copied the file, and
  no data key beside it. A terminal upgraded from it must boot on that state, keep the
  reversal it owes, and seal the card data and the key on disk before anything else
  (docs/domain.md §6).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:DATA-02 @req:REV-02
  Scenario: An owed reversal stored in clear is sealed at power-on and still goes before the next sale
    Given the power fails while the terminal waits for the host
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    When the terminal's stored data is rewritten as firmware before sealing kept it, in clear
    And the power comes back
    Then the terminal's stored data holds no card number and no key in clear
    And the terminal reports a reversal owed
    When a sale of 21.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer receives the reversal of 20.00 before the sale of 21.00
    And the cardholder account of UNIONPAY_CHIP has a balance of 9979.00
    And the ledger, journal and receipts are in sync

  @req:DATA-02
  Scenario: A working MAC key stored in clear is sealed at power-on and still signs the next sale
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the power fails
    And the terminal's stored data is rewritten as firmware before sealing kept it, in clear
    And the power comes back
    Then the terminal's stored data holds no card number and no key in clear
    When a sale of 11.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 9979.00
    And the ledger, journal and receipts are in sync
