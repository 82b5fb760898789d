@cards
Feature: What the terminal keeps when a transaction is cut off midway
  A chip card pulled while the host answers, a power cut while the terminal waits for the
  host, an answer that answers another request, a sign-on answer without a batch number:
  each leaves the terminal with a record of what it knows, and what it owes the host.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:REV-08 @req:SYNC-01
  Scenario: A chip card pulled while a refund is online does not undo the refund
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the issuer responds after 300 ms
    When the cashier starts a refund of 40.00 of the last transaction
    And the customer presents the card UNIONPAY_CHIP
    And the customer removes the card before the transaction completes
    Then the transaction is approved
    And the issuer receives 0 reversal messages
    And 2 receipts are printed
    And the terminal's journal records the refund of 40.00 as approved
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  @req:PWR-01 @req:REV-02
  Scenario: After a power cut while the host was asked, the journal keeps the sale pending and a reversal owed
    Given the power fails while the terminal waits for the host
    When a sale of 41.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    When the power comes back
    Then the terminal's journal records the sale of 41.00 as pending
    And the terminal reports a reversal owed
    When a sale of 42.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal's journal records the sale of 41.00 as reversed
    And the ledger, journal and receipts are in sync

  @req:REV-07
  Scenario: An approval for another amount is reversed with reason 98, not as a MAC error
    Given the answer to the next sale comes back with field 4 as "000000004400"
    When a sale of 43.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the issuer has received a reversal of 43.00
    And the issuer received field 39 as "98" in the last reversal
    And the ledger, journal and receipts are in sync

  @req:MAINT-01
  Scenario: A sign-on answer whose field 60 carries no batch number leaves the batch as it was
    Given the host's batch number is "000007"
    And the terminal is signed on
    And the answer to the next sign-on comes back with field 60 as "0000"
    When the terminal tries to sign on
    And a sale of 44.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the last receipt shows "批次号: 000007"
    And the ledger, journal and receipts are in sync
