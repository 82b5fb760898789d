@network
Feature: What the terminal makes of its link to the host
  One exchange is: connect, send one framed request, read one framed answer or wait out the
  host timeout, disconnect (src/terminal/host-link.ts). The answer may come in several reads,
  as TCP delivers it; the journal says which step went wrong, so a technician reading it can
  tell a host that could not be reached from a link that broke after the request left.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:NET-04
  Scenario: An answer that arrives in pieces is put together: the sale is approved
    Given the network delivers the host's answers in pieces of 7 bytes
    When a sale of 46.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the ledger, journal and receipts are in sync

  @req:NET-01
  Scenario: The journal tells a host that could not be reached from a link that broke after the request
    Given the network is down
    When a sale of 47.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal's journal gives the sale of 47.00 the reason "connect-failed: …"
    When the network recovers
    Given the network resets the connection after the next request is sent
    When a sale of 48.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal's journal gives the sale of 48.00 the reason "connection-lost: the host closed the connection"
    And the ledger, journal and receipts are in sync
