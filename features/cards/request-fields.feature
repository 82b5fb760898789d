@cards @req:MSG-01
Feature: Each request says what it is and how the card was read
  The host books a request by what its fields say (docs/domain.md §1.4): field 3 and 60.1
  the transaction, field 22 the entry mode (05x chip, 02x swipe, 07x tap; third digit 2: no
  PIN), 60.4 a tap, 60.5 a fallback swipe, field 49 the currency (156 CNY), field 23 the
  chip's card sequence number. A void or refund names its original in field 61 (batch and
  trace; a refund also the original's date).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario Outline: A sale read by <how> sends entry mode <entry> and field 60 "<f60>"
    When a sale of 10.00 is paid with the card <card>
    Then the transaction is approved
    And the issuer received field 3 as "000000" in the last financial request
    And the issuer received field 22 as "<entry>" in the last financial request
    And the issuer received field 25 as "00" in the last financial request
    And the issuer received field 49 as "156" in the last financial request
    And the issuer received field 60 as "<f60>" in the last financial request
    And the issuer received field 14 as "3012" in the last financial request
    And the ledger, journal and receipts are in sync

    Examples:
      | how               | card                   | entry | f60           |
      | the chip          | UNIONPAY_CHIP          | 052   | 2200000100050 |
      | its stripe        | UNIONPAY_MAGSTRIPE     | 022   | 2200000100050 |
      | a tap             | MASTERCARD_CONTACTLESS | 072   | 2200000100060 |

  Scenario: A chip sale carries its card sequence number; a fallback swipe says so in 60.5
    When a sale of 11.00 is paid with the card UNIONPAY_CHIP
    Then the issuer received field 23 as "001" in the last financial request
    When the cashier starts a sale of 12.00
    And the customer presents the card CHIP_READ_FAILURE
    Then the terminal shows "CHIP ERROR"
    When the customer presents the card CHIP_CARD_SWIPED
    Then the transaction is approved
    And the issuer received field 22 as "022" in the last financial request
    And the issuer received field 60 as "2200000100052" in the last financial request
    And the ledger, journal and receipts are in sync

  @req:OPR-02 @req:OPR-03
  Scenario: A void and a refund say what they are and name their original
    When a sale of 13.00 is paid with the card UNIONPAY_CHIP
    And the cashier voids the last transaction
    Then the transaction is approved
    And the issuer received field 3 as "200000" in the last financial request
    And the issuer received field 60 as "2300000100050" in the last financial request
    And the issuer received field 61 as "000001000002" in the last financial request
    When a sale of 14.00 is paid with the card UNIONPAY_CHIP
    And the cashier refunds 4.00 of the last transaction
    Then the transaction is approved
    And the issuer received field 3 as "200000" in the last financial request
    And the issuer received field 60 as "2500000100050" in the last financial request
    And the ledger, journal and receipts are in sync

  @req:OPR-03
  Scenario: A refund names its original's batch, trace number and date in field 61
    Given the terminal setting "terminal_clock" is "2026-03-04T10:00:00"
    When a sale of 15.00 is paid with the card UNIONPAY_CHIP
    And the cashier refunds 5.00 of the last transaction
    Then the transaction is approved
    And the issuer received field 61 as "0000010000020304" in the last financial request
    And the issuer received field 38 as "512444" in the last financial request
    # The terminal's clock is set off the bench's: its slips' dates are the misconfiguration's.
    And the bench reports the desync receipt-field-mismatch caused by misconfiguration

  Scenario: A swipe sends no card sequence number and no chip data
    When a sale of 16.00 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    And the last financial request the issuer received carries no field 23
    And the last financial request the issuer received carries no field 55
    And the last financial request the issuer received carries no field 61

  Scenario: A tapped card sends its own card sequence number, and a swipe its track 2 data
    When a sale of 17.00 is paid with the card MASTERCARD_CONTACTLESS
    Then the transaction is approved
    And the issuer received field 23 as "000" in the last financial request
    When a sale of 18.00 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    And the last financial request the issuer received carries field 35
    And the ledger, journal and receipts are in sync

  Scenario: A sale approved with a blank auth code is voided without one
    Given the answer to the next sale comes back with field 38 as "      "
    When a sale of 19.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier voids the last transaction
    Then the transaction is approved
    And the last financial request the issuer received carries no field 38
    And the ledger, journal and receipts are in sync
