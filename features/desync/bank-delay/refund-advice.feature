@desync @bank-delay @req:REV-06
Feature: A refund whose answer was lost is repeated as an advice
  A refund (0220) is not reversible. When the host's answer never comes the terminal cannot
  know whether the credit was booked, so it keeps the refund as an advice and repeats it
  (0221, the same trace number) before the next online transaction and before settlement,
  until the host acknowledges it. The host recognises the repeat and books the credit once.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: The issuer is silent on a refund; the repeated advice is booked once
    When a sale of 1.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the issuer does not respond
    When the cashier refunds 1.00 of the last transaction
    Then the transaction fails
    Given the issuer responds normally
    When a sale of 2.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    And the issuer has booked the refund of 1.00 once, as the journal records it
    And the last refund advice the issuer received carries no field 35
    And the last refund advice the issuer received carries no field 55
    And the ledger, journal and receipts are in sync

  @pty
  Scenario: The owed refund advice survives a power cut and goes out before the next sale
    Given the terminal setting "reversal_retries" is "1"
    When a sale of 3.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the issuer does not respond
    When the cashier refunds 3.00 of the last transaction
    Then the transaction fails
    When the power fails
    And the power comes back
    And the issuer responds normally
    And a sale of 4.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    And the issuer has booked the refund of 3.00 once, as the journal records it
    And the ledger, journal and receipts are in sync

  Scenario: A refund answered with a bad MAC is repeated as an advice too
    When a sale of 5.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the issuer sends responses with a bad MAC
    When the cashier refunds 5.00 of the last transaction
    Then the transaction fails
    Given the issuer responds normally
    When a sale of 6.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    And the issuer has booked the refund of 5.00 once, as the journal records it
    And the ledger, journal and receipts are in sync

  Scenario: The host refuses the repeated advice: the refund is declined and nothing more is owed
    Given the terminal setting "reversal_retries" is "2"
    When a sale of 7.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the network drops the next refund request
    And the issuer refuses the next refund advice with response code "12"
    When the cashier refunds 7.00 of the last transaction
    Then the transaction fails
    And the terminal's journal records the refund of 7.00 as declined
    When a sale of 8.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    And the issuer receives 1 refund advice
    And the ledger, journal and receipts are in sync

  Scenario: An advice the host never answers is repeated reversal_retries times at once, and again before each online transaction
    Given the terminal setting "reversal_retries" is "2"
    When a sale of 9.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the issuer does not respond
    When the cashier refunds 9.00 of the last transaction
    Then the transaction fails
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the issuer receives 4 refund advices
    Given the issuer responds normally
    When a sale of 11.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer receives 5 refund advices
    And the issuer has booked the refund of 9.00 once, as the journal records it
    And the ledger, journal and receipts are in sync

  @req:REV-06
  Scenario: An advice answer whose MAC fails is no acknowledgement: the advice is repeated
    Given the terminal setting "reversal_retries" is "1"
    When a sale of 12.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the network drops the next refund request
    And the network corrupts the MAC of the next refund advice answer
    When the cashier refunds 12.00 of the last transaction
    Then the transaction fails
    And the terminal's journal records the refund of 12.00 as pending
    When a sale of 13.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer receives 2 refund advices
    And the terminal's journal records the refund of 12.00 as approved
    And the issuer has booked the refund of 12.00 once, as the journal records it
    And the ledger, journal and receipts are in sync

  Scenario: A repeated advice the host answers with 94, duplicate transmission, is acknowledged: the refund is approved and booked once
    When a sale of 14.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the network drops the response to the next request
    And the issuer answers the next refund advice with 94, duplicate transmission
    When the cashier refunds 14.00 of the last transaction
    Then the transaction fails
    And the issuer receives 1 refund advice
    And the terminal's journal records the refund of 14.00 as approved
    And the terminal's journal gives the refund of 14.00 the reason "acknowledged on repeat 1 of the advice"
    And the issuer has booked the refund of 14.00 once, as the journal records it
    And the ledger, journal and receipts are in sync

  Scenario: An unanswered advice refused by the host before the next sale: the refund is declined and the sale goes online
    Given the terminal setting "reversal_retries" is "1"
    When a sale of 15.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the network drops the next refund request
    And the network drops the next refund advice
    When the cashier refunds 15.00 of the last transaction
    Then the transaction fails
    And the terminal's log says "refund advice STAN … repeat 1 failed: no reply within … ms"
    And the terminal's journal records the refund of 15.00 as pending
    Given the issuer refuses the next refund advice with response code "12"
    When a sale of 16.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer receives 1 refund advice
    And the terminal's journal records the refund of 15.00 as declined
    And the terminal's journal gives the refund of 15.00 the reason "refund advice refused by the host (12)"
    And the ledger, journal and receipts are in sync

  Scenario: The terminal logs why an advice answer was no acknowledgement
    Given the terminal setting "reversal_retries" is "1"
    When a sale of 17.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the network drops the next refund request
    And the network corrupts the MAC of the next refund advice answer
    When the cashier refunds 17.00 of the last transaction
    Then the transaction fails
    And the terminal's log says "refund advice STAN … repeat 1 failed: reply 0230: bad-mac"
    When a sale of 18.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer has booked the refund of 17.00 once, as the journal records it
    And the ledger, journal and receipts are in sync
