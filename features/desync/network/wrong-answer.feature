@desync @network @req:REV-01
Feature: An answer that does not answer the request is not taken
  The terminal takes an answer only when it answers its request: the response MTI, the same
  processing code, trace number and terminal (fields 3, 11, 41) and, on an approval, the
  same merchant and amount (42, 4) — whatever its MAC says. An answer for another sale,
  another terminal or another amount is treated as no answer: the sale fails and is
  reversed, no slip says approved, and the host's hold is released.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario Outline: An approval with another <what> is reversed
    Given the answer to the next sale comes back with field <field> as "<value>"
    When a sale of 31.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "BAD HOST REPLY"
    And no receipt is printed
    And the issuer has received a reversal of 31.00
    And the ledger, journal and receipts are in sync

    Examples:
      | what         | field | value           |
      | amount       | 4     | 000000009999    |
      | trace number | 11    | 999999          |
      | terminal     | 41    | PB999999        |
      | merchant     | 42    | 898310048999999 |

  Scenario: An answer that does not decode is no answer: the sale is reversed
    Given the issuer answers the next sale with a reply that does not decode
    When a sale of 46.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "BAD HOST REPLY"
    And no receipt is printed
    And the issuer has received a reversal of 46.00
    And the issuer received field 39 as "98" in the last reversal
    And the ledger, journal and receipts are in sync


  @req:DECL-01
  Scenario: A decline whose answer carries no amount is still a decline: shown, no reversal
    Given the issuer declines transactions with response code "51"
    And the answer to the next sale comes back with field 4 as "000000000000"
    When a sale of 47.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "51"
    And the terminal shows "DECLINED 51"
    And no receipt is printed
    And the issuer receives 0 reversal messages
    And the terminal's journal records the sale of 47.00 as declined
    And the ledger, journal and receipts are in sync
