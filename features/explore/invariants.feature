@explore @req:SYNC-04
Feature: Invariants after a random history of faults
  Histories like the ones `posbench explore` draws at random (src/explore/): cashier actions
  under faults, then every fault cleared, the terminal's next online sale and a settlement,
  then the six invariants every explore run is checked against. Kept here so a change that
  breaks an invariant on a known history goes red in the ordinary suite too.

  Scenario: Paper out through two sales and a restart, then recovery
    Given the terminal is signed on
    And the issuer approves all transactions
    And the printer has no paper
    When a sale of 2.39 is paid with the card MASTERCARD_CONTACTLESS
    And a sale of 237.02 is paid with the card UNIONPAY_CHIP
    And the terminal is restarted
    Then every desync the bench reports is explained by an injected fault
    When the technician loads paper
    And a sale of 1.00 is paid with the card UNIONPAY_MAGSTRIPE
    And the cashier attempts to settle the batch
    Then every desync the bench reports is explained by an injected fault
    And nothing the terminal could have repaired is left
    And the terminal accounts truthfully for every slip
    And no card number appears in full
    And the terminal keeps the rules of voids, refunds and reversals
    And every approval was taken the way the card and the terminal's settings allow

  Scenario: A lost response and a declining issuer, then recovery
    Given the terminal is signed on
    And the issuer approves all transactions
    When the cashier attempts to settle the batch
    And a sale of 222.42 is paid with the card CARD_PULLED_EARLY
    And the issuer responds normally
    Given the network drops the response to the next request
    And the issuer declines transactions with response code "51"
    When a sale of 45.10 is paid with the card VISA_CHIP
    Then every desync the bench reports is explained by an injected fault
    When the network recovers
    And the issuer approves all transactions
    And a sale of 1.00 is paid with the card UNIONPAY_MAGSTRIPE
    And the cashier attempts to settle the batch
    Then every desync the bench reports is explained by an injected fault
    And nothing the terminal could have repaired is left
    And the terminal accounts truthfully for every slip
    And no card number appears in full
    And the terminal keeps the rules of voids, refunds and reversals
    And every approval was taken the way the card and the terminal's settings allow

  Scenario: A void, a power cut while waiting for the host and one during settlement, then recovery
    Given the terminal is signed on
    And the issuer approves all transactions
    When a sale of 12.05 is paid with the card UNIONPAY_CHIP
    And a sale of 30.00 is paid with the card VISA_CHIP
    And the cashier voids the last transaction
    Given the power fails while the terminal waits for the host
    When a sale of 42.50 is paid with the card UNIONPAY_CHIP
    And the power comes back
    Given the power fails during settlement
    When the cashier attempts to settle the batch
    And the power comes back
    Then every desync the bench reports is explained by an injected fault
    When a sale of 1.00 is paid with the card UNIONPAY_MAGSTRIPE
    And the cashier attempts to settle the batch
    Then every desync the bench reports is explained by an injected fault
    And nothing the terminal could have repaired is left
    And the terminal accounts truthfully for every slip
    And no card number appears in full
    And the terminal keeps the rules of voids, refunds and reversals
    And every approval was taken the way the card and the terminal's settings allow

  Scenario: Cards presented the wrong way, under the card settings, then recovery
    Given the terminal is signed on
    And the issuer approves all transactions
    When the cashier starts a sale of 10.00
    And the customer presents the card CHIP_CARD_SWIPED
    And the customer presents the card UNIONPAY_CHIP
    Then every approval was taken the way the card and the terminal's settings allow
    Given the terminal setting "allow_fallback" is "off"
    When the cashier starts a sale of 20.00
    And the customer presents the card CHIP_READ_FAILURE
    And the customer presents the card CHIP_CARD_SWIPED
    Then every approval was taken the way the card and the terminal's settings allow
    Given the terminal setting "contactless_limit" is "50.00"
    When the cashier starts a sale of 50.00
    And the customer presents the card MASTERCARD_CONTACTLESS
    And the customer presents the card VISA_CHIP
    Then every approval was taken the way the card and the terminal's settings allow
    When the cashier refunds 30.00 of the last transaction
    And the cashier refunds 30.00 of the last transaction
    Then every desync the bench reports is explained by an injected fault
    When a sale of 1.00 is paid with the card UNIONPAY_MAGSTRIPE
    And the cashier attempts to settle the batch
    Then every desync the bench reports is explained by an injected fault
    And nothing the terminal could have repaired is left
    And the terminal accounts truthfully for every slip
    And no card number appears in full
    And the terminal keeps the rules of voids, refunds and reversals
    And every approval was taken the way the card and the terminal's settings allow
