@desync @bank-delay @req:SETL-04
Feature: The settlement answer comes after the terminal's timeout
  A settlement (0500) is a reconciliation: the host compares the terminal's totals with what
  it booked in that batch. When the answer (0510) arrives after the terminal's host timeout,
  the host has reconciled the batch but the terminal does not know it and keeps the batch
  open; it settles the same batch number again later. The host reconciles a repeated batch
  against everything it booked in it, and moves no money twice (docs/domain.md §1.6).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario: Settling again after a late 0510 balances, and the sale is captured once
    When a sale of 1.00 is paid with the card UNIONPAY_CHIP
    Given the network delivers the response to the next request 50 ms after the terminal's host timeout
    When the cashier attempts to settle the batch
    Then the terminal shows "COMMUNICATION ERROR 通讯失败"
    And the terminal reports 1 record in the open batch
    When the network recovers
    And the cashier settles the batch
    Then the settlement is balanced
    And the terminal reports 0 records in the open batch
    And the ledger, journal and receipts are in sync

  Scenario: A sale between the late 0510 and the next settlement is counted with the batch
    When a sale of 1.00 is paid with the card UNIONPAY_CHIP
    Given the network delivers the response to the next request 50 ms after the terminal's host timeout
    When the cashier attempts to settle the batch
    And the network recovers
    And a sale of 2.00 is paid with the card VISA_CHIP
    And the cashier settles the batch
    Then the settlement is balanced
    And the ledger, journal and receipts are in sync
