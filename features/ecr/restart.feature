@ecr
Feature: A restart over ECR
  A till can power-cycle the terminal with the ECR command `restart` (docs/ecr.md). The
  terminal boots again from what it stored — an owed reversal stays owed — shows its idle
  screen, and the till's link keeps working.

  Background:
    Given the terminal is signed on

  @req:ECR-05 @req:REV-02
  Scenario: After a restart over ECR the terminal is idle, still owes its reversal and sends it first
    Given the terminal setting "reversal_retries" is "1"
    And the issuer does not respond
    When a sale of 90.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    When the till sends the ECR request "restart" with the arguments '{}'
    Then the terminal shows "WELCOME"
    And the terminal reports a reversal owed
    When the issuer responds normally
    And a sale of 91.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer receives the reversal of 90.00 before the sale of 91.00
    And the cardholder account of UNIONPAY_CHIP has a balance of 9909.00
    And the ledger, journal and receipts are in sync

  @req:ECR-05
  Scenario: A declined sale's screen gives way to the idle screen after a restart over ECR
    Given the issuer declines transactions with response code "51"
    When a sale of 92.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "51"
    And the terminal shows "DECLINED 51"
    When the till sends the ECR request "restart" with the arguments '{}'
    Then the terminal shows "WELCOME"

  @req:ECR-06
  Scenario: The ECR port listens on the loopback address only, after a restart over ECR too
    Then the terminal's ECR port listens on "127.0.0.1"
    When the till sends the ECR request "restart" with the arguments '{}'
    Then the terminal shows "WELCOME"
    And the terminal's ECR port listens on "127.0.0.1"
