@cards
Feature: What the card reader reads reaches the host as ISO 8583 has it
  The reader hands the terminal the card's track 2 with its field separator "=", as the
  stripe and the chip's track 2 equivalent carry it; ISO 8583 field 35 writes that separator
  as "D" (the bench shows the card number in it masked, first 6 / last 4). The chip's card sequence number (two digits on the card) goes as field 23, three
  digits (docs/domain.md §1).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:CARD-01
  Scenario Outline: The track 2 of a card read by <how> goes in field 35 with the separator D
    When a sale of 17.00 is paid with the card <card>
    Then the transaction is approved
    And the issuer received field 35 as "<track2>" in the last financial request
    And the ledger, journal and receipts are in sync

    Examples:
      | how       | card                   | track2                            |
      | swipe     | UNIONPAY_MAGSTRIPE     | 620000******0005D***************** |
      | chip      | UNIONPAY_CHIP          | 621094******0021D***************** |
      | tap       | MASTERCARD_CONTACTLESS | 541333******0434D***************** |

  @req:CARD-01
  Scenario: A contactless card's sequence number 00 goes as 000
    When a sale of 18.00 is paid with the card MASTERCARD_CONTACTLESS
    Then the transaction is approved
    And the issuer received field 23 as "000" in the last financial request
    And the ledger, journal and receipts are in sync
