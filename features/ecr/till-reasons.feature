@ecr @req:ECR-04
Feature: The terminal tells the till why a transaction did not go through
  A till shows the cashier more than a display line: the ECR result's reason says, for
  people, why a transaction failed or was declined, a refusal's message says what to do
  (docs/ecr.md, TxnResult and Errors), and the journal keeps the same reason for the
  transaction. A reason that says nothing, or says the wrong thing, sends the cashier to
  the wrong fix.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: Nobody presents a card, or the cashier cancels the wait
    Given the terminal setting "card_wait_timeout_ms" is "300"
    When the cashier starts a sale of 11.00
    Then the transaction fails
    And the terminal tells the till the reason "no card presented"
    When the cashier starts a sale of 12.00
    And the cashier cancels the transaction
    Then the transaction is cancelled
    And the terminal tells the till the reason "cancelled by the cashier"
    And the terminal confirms the cancel

  Scenario: A card the terminal refuses locally says which check it failed
    Given the terminal setting "allow_fallback" is "off"
    When a sale of 13.00 is paid with the card BAD_LUHN_CARD
    Then the transaction fails
    And the terminal tells the till the reason "card number fails the Luhn check"
    When a sale of 14.00 is paid with the card CHIP_READ_FAILURE
    Then the transaction fails
    And the terminal tells the till the reason "chip read failed"
    When a sale of 15.00 is paid with the card CARD_PULLED_EARLY
    Then the transaction fails
    And the terminal tells the till the reason "card removed during the chip read"
    And the issuer receives 0 financial requests

  Scenario: A decline names the host's response code; a timeout names the wait
    Given the issuer declines transactions with response code "51"
    When a sale of 16.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "51"
    And the terminal tells the till the reason "declined by the host (51)"
    Given the issuer does not respond
    When a sale of 17.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal tells the till the reason "timeout: no reply within 1500 ms"
    And the terminal's journal gives the sale of 17.00 the reason "timeout: no reply within 1500 ms; reversal not acknowledged after 3 tries: manual handling"

  Scenario: A reversal still owed keeps the next sale offline, and the till is told why
    Given the issuer does not respond
    When a sale of 18.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    When a sale of 19.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal tells the till the reason "pending reversal could not be delivered"
    Given the issuer responds normally
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the ledger, journal and receipts are in sync

  Scenario: An approval the terminal cannot trust is kept in the journal with what was wrong
    Given the network corrupts the MAC of the next response
    When a sale of 21.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal tells the till the reason "bad-mac"
    And the terminal's journal gives the sale of 21.00 the reason "reply MAC does not verify"
    Given the answer to the next sale comes back with field 4 as "000000002300"
    When a sale of 22.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal's journal gives the sale of 22.00 the reason "reply does not match the request"
    And the ledger, journal and receipts are in sync

  Scenario: A refund whose answer cannot be trusted is kept as an advice, and the journal says so
    When a sale of 24.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the network corrupts the MAC of every refund answer
    When the cashier refunds 24.00 of the last transaction
    Then the transaction fails
    And the terminal tells the till the reason "bad-mac"
    And the terminal's journal records the refund of 24.00 as pending
    And the terminal's journal gives the refund of 24.00 the reason "reply MAC does not verify; kept as an advice, repeated until the host acknowledges it"
    Given the network recovers
    When a sale of 30.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal's journal records the refund of 24.00 as approved
    And the terminal's journal gives the refund of 24.00 the reason "acknowledged on repeat 4 of the advice"
    And the ledger, journal and receipts are in sync

  Scenario: A refund whose answer never came is kept as an advice, and the journal says so
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the terminal setting "reversal_retries" is "1"
    And the network drops the next refund request
    And the network corrupts the MAC of every refund answer
    When the cashier refunds 25.00 of the last transaction
    Then the transaction fails
    And the terminal tells the till the reason "timeout: no reply within 1500 ms"
    And the terminal's journal gives the refund of 25.00 the reason "timeout: no reply within 1500 ms; kept as an advice, repeated until the host acknowledges it"
    Given the network recovers
    When a sale of 31.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal's journal records the refund of 25.00 as approved
    And the ledger, journal and receipts are in sync

  Scenario: A chip card pulled out while the host answers: the journal and the till say so
    Given the issuer responds after 300 ms
    When the cashier starts a sale of 26.00
    And the customer presents the card UNIONPAY_CHIP
    And the customer removes the card before the transaction completes
    Then the transaction fails
    And the terminal tells the till the reason "card removed before completion"
    And the terminal's journal gives the sale of 26.00 the reason "card removed before completion"
    And the terminal's journal records the sale of 26.00 as reversed

  Scenario: Nothing to void, a full batch and a repeated sale each say what to do
    When the cashier voids the last transaction
    Then the transaction fails
    And the terminal tells the till the reason "no approved sale to act on"
    Given the terminal setting "batch_limit" is "1"
    When a sale of 27.00 is paid with the card UNIONPAY_CHIP
    And the cashier sends the same sale again
    Then the transaction is refused with error "DUPLICATE_INTENT", saying "…was already carried out (sale STAN 000002, approved)"
    When a sale of 28.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is refused with error "BATCH_FULL", saying "…batch 000001 holds 1 records (batch_limit 1); settle the batch first"

  Scenario: A second sale while the first waits for its card is refused, saying why; the first goes on
    When the cashier starts a sale of 32.00
    And the cashier starts a sale of 33.00
    Then the transaction is refused with error "BUSY", saying "…the terminal is busy with another transaction"
    When the customer presents the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer has approved 32.00
    And the ledger, journal and receipts are in sync
