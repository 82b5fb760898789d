@cards
Feature: The terminal's own checks on the card paths
  Some decisions are the terminal's before anything goes online: a tap for the contactless
  limit or more is not taken over contactless (the card must be inserted), and with
  fallback switched off a dead chip ends the sale instead of asking for a swipe.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:CARD-06
  Scenario: A tap at the contactless limit is sent to the chip
    Given the terminal setting "contactless_limit" is "100.00"
    When the cashier starts a sale of 100.00
    And the customer presents the card MASTERCARD_CONTACTLESS
    Then the terminal shows "OVER CONTACTLESS LIMIT, INSERT CARD"
    When the customer presents the card VISA_CHIP
    Then the transaction is approved
    And the issuer has approved 100.00
    And the last receipt shows "476173******0010"
    And the ledger, journal and receipts are in sync

  @req:CARD-06 @req:CARD-01
  Scenario: A tap just under the contactless limit is taken
    Given the terminal setting "contactless_limit" is "100.00"
    When a sale of 99.99 is paid with the card MASTERCARD_CONTACTLESS
    Then the transaction is approved
    And the last receipt shows "541333******0434 C"
    And the ledger, journal and receipts are in sync

  @req:CARD-07
  Scenario: With fallback switched off, a chip that does not answer ends the sale
    Given the terminal setting "allow_fallback" is "off"
    And the terminal setting "card_wait_timeout_ms" is "2000"
    When a sale of 10.00 is paid with the card CHIP_READ_FAILURE
    Then the transaction fails
    And the terminal shows "INVALID CARD"
    And no receipt is printed
    And the ledger, journal and receipts are in sync
