@desync @power-loss
Feature: The trace number the terminal stores
  The terminal numbers every request it sends (STAN, field 11) from a counter it keeps in
  state.json, so a power cut never makes it reuse a number; after 999999 it starts again at
  000001 (docs/domain.md §1.6).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:STAN-01
  Scenario: After trace number 999999 the next sale carries 000001
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the power fails
    And the terminal's trace number counter is set to 999999 while the power is off
    And the power comes back
    And a sale of 11.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer received field 11 as "000001" in the last financial request
    And the cardholder account of UNIONPAY_CHIP has a balance of 9979.00
    And the ledger, journal and receipts are in sync

  @req:STAN-01
  Scenario: The trace number counter survives a power cut: 999998 is followed by 999999
    When the power fails
    And the terminal's trace number counter is set to 999998 while the power is off
    And the power comes back
    And a sale of 12.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer received field 11 as "999999" in the last financial request
    And the ledger, journal and receipts are in sync
