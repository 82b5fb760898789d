@desync @operator-error
Feature: The cashier or the customer does the wrong thing
  People cancel at the wrong moment and pull cards too early. A correct terminal leaves
  no money held behind them.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:OPR-01
  Scenario: The cashier cancels before the card is presented
    When the cashier starts a sale of 70.00
    And the cashier cancels the transaction
    Then the transaction is cancelled
    And the terminal shows "CANCELLED"
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:OPR-01
  Scenario: Nobody presents a card: the sale ends when the card wait runs out, not cancelled
    Given the terminal setting "card_wait_timeout_ms" is "300"
    When the cashier starts a sale of 70.50
    Then the transaction fails
    And the terminal shows "NO CARD"
    And no receipt is printed
    And the issuer receives 0 financial requests
    When the cashier starts a sale of 70.60
    And the cashier cancels the transaction
    Then the transaction is cancelled
    And the ledger, journal and receipts are in sync

  @req:CARD-01
  Scenario: A chip card inserted before the sale starts is read without asking again
    When the customer presents the card UNIONPAY_CHIP
    And the cashier starts a sale of 70.70
    Then the transaction is approved
    And the issuer received field 22 as "052" in the last financial request
    And the ledger, journal and receipts are in sync

  @req:CARD-01
  Scenario: A card tapped while no sale runs is not kept for the next sale
    Given the terminal setting "card_wait_timeout_ms" is "500"
    When the customer presents the card MASTERCARD_CONTACTLESS
    And the cashier starts a sale of 70.80
    Then the transaction fails
    And the terminal shows "NO CARD"
    And the issuer receives 0 financial requests
    And the ledger, journal and receipts are in sync

  @req:REV-01
  Scenario: The customer pulls the card while the terminal is online
    Given the issuer responds after 300 ms
    When the cashier starts a sale of 71.00
    And the customer presents the card UNIONPAY_CHIP
    And the customer removes the card before the transaction completes
    Then the transaction fails
    And the issuer has received a reversal of 71.00
    And the ledger, journal and receipts are in sync

  @req:OPR-02
  Scenario: A sale is voided and the hold released
    When a sale of 72.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier voids the last transaction
    Then the transaction is approved
    And 2 receipts are printed
    And the last receipt shows "VOID"
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  @req:OPR-01
  Scenario: A second sale started while the first waits for the card is refused; the first goes on
    When the cashier starts a sale of 71.00
    And the cashier starts a sale of 72.00
    Then the transaction is refused with error "BUSY"
    When the customer presents the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer has approved 71.00
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

  @req:OPR-01
  Scenario: A cancel with nothing running is answered so, and changes nothing
    When the cashier cancels the transaction
    Then the terminal had nothing to cancel
    When a sale of 70.90 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the ledger, journal and receipts are in sync

