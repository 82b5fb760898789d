@desync @bank-delay @req:REV-03
Feature: Only an intact acknowledgement clears a reversal
  The terminal drops its stored reversal only on an 0410 that answers it, carries a good MAC
  and says 00. A garbled answer or a refusal leaves the money held at the host, so the
  reversal stays owed and goes again — up to `reversal_retries` times a cycle (3), the host's
  duplicate detection answering a repeat as it answered the first (docs/domain.md §1.6).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: A reversal answer with a bad MAC is not the acknowledgement
    Given the issuer responds 300 ms after the terminal's host timeout
    And the network corrupts the MAC of the next reversal answer
    When a sale of 51.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the issuer receives 2 reversal messages
    And the terminal reports no reversal owed
    And the terminal's journal records the last transaction as reversed
    And the ledger, journal and receipts are in sync

  Scenario: A reversal the host refuses is sent again, every retry of the cycle
    Given the issuer responds 300 ms after the terminal's host timeout
    And the issuer refuses the next reversal with response code "96"
    When a sale of 52.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the issuer receives 3 reversal messages
    And the cardholder account of UNIONPAY_CHIP has a balance of 9948.00
    And the bench reports the desync unreversed-timeout caused by bank-delay

  Scenario: The terminal logs why each reversal attempt failed: refused with its response code
    Given the issuer responds 300 ms after the terminal's host timeout
    And the issuer refuses the next reversal with response code "96"
    When a sale of 53.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal's log says "reversal of STAN … attempt 1 failed: refused with response 96"
    And the terminal's log says "reversal of STAN … attempt 3 failed: refused with response 96"
    And the bench reports the desync unreversed-timeout caused by bank-delay

  Scenario: The terminal logs a reversal answer whose MAC fails, and a reversal nobody answers
    Given the issuer responds 300 ms after the terminal's host timeout
    And the network corrupts the MAC of the next reversal answer
    When a sale of 54.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal's log says "reversal of STAN … attempt 1 failed: reply 0410: bad-mac"
    And the terminal reports no reversal owed
    Given the issuer does not respond
    When a sale of 55.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal's log says "reversal of STAN … attempt 1 failed: no reply within … ms"
    Given the issuer responds normally
    When a sale of 56.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal's journal records the sale of 55.00 as reversed
    And the ledger, journal and receipts are in sync
