@declines @req:DECL-01
Feature: The host declines on its own, without a rule set on the bench
  A host declines a sale the account cannot cover (51) because of what it knows, not
  because a bench step told it to: the same scenario runs unchanged against a real test
  host tapped behind the network proxy (hardware-profiles/bench-test-host.yaml), where the
  bench has no say over the host's decisions.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: A sale larger than the account's balance is declined with 51
    When a sale of 6000.00 is paid with the card VISA_CHIP
    Then the transaction is declined with response code "51"
    And the terminal shows "DECLINED 51"
    And the terminal's journal records the last transaction as declined
    And no receipt is printed
    And the ledger, journal and receipts are in sync
