@desync @power-loss
Feature: A terminal without power does nothing more
  When the power goes, the terminal's flow may be in the middle of anything — waiting for the
  host, about to reverse. Nothing of it may go on: no message leaves, nothing more is written
  to the journal or the state (docs/desyncs.md, power-loss). What was stored before the cut
  is what the terminal has when the power returns.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:PWR-01 @req:REV-02
  Scenario: Power lost while waiting for the host: nothing is sent or written until the power returns
    Given the power fails while the terminal waits for the host
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    When the power comes back
    Then the issuer received nothing from the terminal while its power was off
    And the terminal's journal records the sale of 40.00 as pending
    And the terminal reports a reversal owed
    When a sale of 41.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer receives the reversal of 40.00 before the sale of 41.00
    And the ledger, journal and receipts are in sync

  @req:PWR-05
  Scenario: The power takes the host connection with it: the host sees it close before the power returns
    Given the power fails while the terminal waits for the host
    When a sale of 42.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    And the terminal's connection to the host closed when the power went
    When the power comes back
    Then the terminal reports a reversal owed
    When a sale of 43.00 is paid with the card UNIONPAY_CHIP
    Then the issuer receives the reversal of 42.00 before the sale of 43.00
    And the ledger, journal and receipts are in sync
