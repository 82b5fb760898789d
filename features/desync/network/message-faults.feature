@network
Feature: The network fails on cue, message by message
  The fault proxy understands ISO 8583 framing, so a scenario can hit exactly one message.
  Whatever the network does, a correct terminal leaves no money held without a record:
  it reverses what it could not complete, and prints only what the host approved.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:NET-01 @req:REV-01
  Scenario: The response to a sale is lost: the terminal times out and reverses
    Given the network drops the response to the next request
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "HOST TIMEOUT"
    And the issuer has received a reversal of 25.00
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:NET-01
  Scenario: The request itself is lost on the way to the host
    Given the network drops the next request
    When a sale of 26.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "HOST TIMEOUT"
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:REV-03
  Scenario: The approval arrives after the terminal gave up
    Given the network delivers the response to the next request 300 ms after the terminal's host timeout
    When a sale of 31.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the issuer has received a reversal of 31.00
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:NET-02 @req:RCPT-01
  Scenario: A duplicated approval does not print twice
    Given the network duplicates the response to the next request
    When a sale of 18.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

  @req:NET-01 @req:REV-01
  Scenario: The connection is reset right after the request went out
    Given the network resets the connection after the next request is sent
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "COMMUNICATION ERROR"
    And the issuer has received a reversal of 40.00
    And the ledger, journal and receipts are in sync

  @req:NET-01 @req:RCPT-01
  Scenario: The connection is reset right after the approval passed
    Given the network resets the connection right after the next approval
    When a sale of 41.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

  @req:NET-03 @req:REV-01
  Scenario: A corrupted MAC on the approval makes the terminal reverse it
    Given the network corrupts the MAC of the next response
    When a sale of 42.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "MAC ERROR"
    And the issuer has received a reversal of 42.00
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:NET-01
  Scenario: The network is down: nothing is sent, nothing is held
    Given the network is down
    When a sale of 43.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "COMMUNICATION ERROR"
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:NET-04
  Scenario: Latency below the host timeout is only slow
    Given the network adds 200 ms of latency
    When a sale of 44.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

  @req:NET-04
  Scenario: After the network recovers, sales go through again
    Given the network is down
    When a sale of 45.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    When the network recovers
    And a sale of 46.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the ledger, journal and receipts are in sync
