@desync @bank-delay @req:REV-07
Feature: A reversal says why, and carries what the host gave but no card secrets
  The 0400 names the reason the terminal gave up in field 39 — 98 when no reply came, A0
  when the reply failed its MAC check, 06 when the chip card was pulled while the terminal
  was online — and repeats the auth code (field 38) of an answer that did come. It never
  replays the original's track 2 (35), ICC data (55) or RRN (37): docs/domain.md §1.6.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: No reply: reason 98, no auth code, no track or chip data
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the issuer does not respond
    When a sale of 41.00 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction fails
    Given the issuer responds normally
    When a sale of 42.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer received field 39 as "98" in the last reversal
    And the issuer received field 4 as "000000004100" in the last reversal
    And the last reversal the issuer received carries no field 38
    And the last reversal the issuer received carries no field 35
    And the terminal's journal records the sale of 41.00 as reversed
    And the ledger, journal and receipts are in sync

  Scenario: A reply with a bad MAC: reason A0, with the auth code the host gave, no chip data
    Given the issuer sends responses with a bad MAC
    When a sale of 43.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    Given the issuer responds normally
    When a sale of 44.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer received field 39 as "A0" in the last reversal
    And the issuer received field 38 as "512444" in the last reversal
    And the last reversal the issuer received carries no field 55
    And the last reversal the issuer received carries no field 37
    And the terminal's journal records the sale of 43.00 as reversed
    And the ledger, journal and receipts are in sync

  Scenario: A chip card pulled while the terminal waits for the host: reason 06, with the auth code of the approval
    Given the issuer responds after 300 ms
    When the cashier starts a sale of 45.00
    And the customer presents the card UNIONPAY_CHIP
    And the customer removes the card before the transaction completes
    Then the transaction fails
    And the terminal shows "CARD REMOVED"
    And the issuer received field 39 as "06" in the last reversal
    And the issuer received field 38 as "512444" in the last reversal
    And the issuer received field 4 as "000000004500" in the last reversal
    And the last reversal the issuer received carries no field 55
    And the ledger, journal and receipts are in sync

  Scenario: A bad-MAC approval whose auth code is blank: reason A0, and no auth code is made up
    Given the answer to the next sale comes back with field 38 as "      "
    And the network corrupts the MAC of the next response
    When a sale of 46.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    Given the issuer responds normally
    When a sale of 47.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer received field 39 as "A0" in the last reversal
    And the last reversal the issuer received carries no field 38
    And the terminal's journal records the sale of 46.00 as reversed
    And the ledger, journal and receipts are in sync
