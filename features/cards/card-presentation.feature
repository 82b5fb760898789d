@cards
Feature: Every card in the catalog takes the path its data implies
  The reader hands the terminal whatever the customer does with the card. A chip card
  swiped must be sent to the chip reader; a chip that does not answer allows a fallback
  swipe; an expired card is the issuer's to decline; a number with a bad check digit never
  leaves the terminal; a card pulled while the terminal is online must not leave money held.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:CARD-01 @req:RCPT-01 @req:MASK-01
  Scenario: A magstripe-only card is swiped and approved
    When a sale of 12.50 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    And the issuer has approved 12.50
    And 1 receipt is printed
    And every receipt masks the card number
    And the ledger, journal and receipts are in sync

  @req:CARD-01 @req:RCPT-05
  Scenario: A Visa chip card is approved
    When a sale of 8.80 is paid with the card VISA_CHIP
    Then the transaction is approved
    And the last receipt shows "476173******0010"
    And the ledger, journal and receipts are in sync

  @req:CARD-01 @req:RCPT-05
  Scenario: A contactless card is tapped and approved
    When a sale of 3.00 is paid with the card MASTERCARD_CONTACTLESS
    Then the transaction is approved
    And the last receipt shows "541333******0434 C"
    And the ledger, journal and receipts are in sync

  @req:CARD-01 @req:RCPT-01
  Scenario: The card is already in the reader when the cashier starts the sale
    When the customer presents the card UNIONPAY_CHIP
    And the cashier starts a sale of 9.90
    Then the transaction is approved
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

  @req:CARD-02
  Scenario: A chip card that is swiped is redirected to the chip reader
    When the cashier starts a sale of 10.00
    And the customer presents the card CHIP_CARD_SWIPED
    Then the terminal shows "PLEASE INSERT CHIP"
    When the customer presents the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

  @req:CARD-03
  Scenario: A chip that does not answer allows a fallback swipe
    When the cashier starts a sale of 10.00
    And the customer presents the card CHIP_READ_FAILURE
    Then the terminal shows "CHIP ERROR"
    When the customer presents the card CHIP_CARD_SWIPED
    Then the transaction is approved
    And the issuer has approved 10.00
    And the ledger, journal and receipts are in sync

  @req:DECL-01
  Scenario: An expired card is declined by the issuer
    When a sale of 20.00 is paid with the card EXPIRED_CARD
    Then the transaction is declined with response code "54"
    And the terminal shows "DECLINED 54"
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:CARD-04
  Scenario: A card number with a bad check digit is refused by the terminal itself
    When a sale of 20.00 is paid with the card BAD_LUHN_CARD
    Then the transaction fails
    And the terminal shows "INVALID CARD"
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:REV-01
  Scenario: A card pulled out while the terminal waits for the host is reversed
    Given the issuer responds after 300 ms
    When the cashier starts a sale of 66.00
    And the customer presents the card UNIONPAY_CHIP
    And the customer removes the card before the transaction completes
    Then the transaction fails
    And the terminal shows "CARD REMOVED"
    And the issuer has received a reversal of 66.00
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:CARD-05
  Scenario: A card pulled out when the chip is asked for its cryptogram never goes online
    When the cashier starts a sale of 67.00
    And the customer presents the card CARD_PULLED_EARLY
    Then the transaction fails
    And the terminal shows "CARD REMOVED"
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:DECL-01
  Scenario: Insufficient funds are declined
    Given the cardholder account of UNIONPAY_CHIP has a balance of 5.00
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "51"
    And no receipt is printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 5.00
