@desync @certification @req:DESYNC-01
Feature: Each desync is named with the cause that provoked it
  The oracle blames the latest injection that touches the area a desync is about
  (docs/desyncs.md, How the oracle decides). These scenarios provoke the same desyncs
  through every cause that can provoke them — with a seeded firmware defect where a correct
  terminal would not fall out of step — and check the cause the bench names. The pairs that
  cannot happen are listed in docs/desyncs.md.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:RCPT-03
  Scenario: receipt-without-approval caused by network-failure
    Given the terminal setting "defects" is "receipt-before-approval"
    And the terminal setting "host_timeout_ms" is "200"
    And the network drops the response to the next request
    When a sale of 71.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the issuer has received a reversal of 71.00
    And the bench reports the desync receipt-without-approval caused by network-failure

  @req:RCPT-03
  Scenario: receipt-without-approval caused by bank-delay
    Given the terminal setting "defects" is "receipt-before-approval"
    And the terminal setting "host_timeout_ms" is "200"
    And the terminal setting "reversal_retries" is "1"
    And the issuer does not respond
    When a sale of 72.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the issuer has received a reversal of 72.00
    And the bench reports the desync receipt-without-approval caused by bank-delay

  @req:RCPT-03 @req:CFG-02
  Scenario: receipt-without-approval caused by misconfiguration
    Given the terminal setting "defects" is "receipt-before-approval"
    And the terminal setting "terminal_id" is "PB999999"
    When a sale of 73.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "97"
    And the bench reports the desync receipt-without-approval caused by misconfiguration

  @req:RCPT-03 @req:OPR-06
  Scenario: receipt-without-approval caused by operator-error
    Given the terminal setting "defects" is "receipt-before-approval"
    And the issuer responds after 300 ms
    When the cashier starts a sale of 74.00
    And the customer presents the card UNIONPAY_CHIP
    And the customer removes the card before the transaction completes
    Then the transaction fails
    And the issuer has received a reversal of 74.00
    And the bench reports the desync receipt-without-approval caused by operator-error

  @req:REV-01 @req:CFG-02
  Scenario: unreversed-timeout caused by misconfiguration
    Given the terminal setting "defects" is "no-reversal-on-timeout"
    And the issuer responds after 400 ms
    And the terminal setting "host_timeout_ms" is "200"
    When a sale of 75.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the bench reports the desync unreversed-timeout caused by misconfiguration

  @req:REV-01 @req:OPR-06
  Scenario: unreversed-timeout caused by operator-error
    Given the terminal setting "defects" is "no-reversal-on-timeout"
    And the issuer responds after 300 ms
    When the cashier starts a sale of 76.00
    And the customer presents the card UNIONPAY_CHIP
    And the customer removes the card before the transaction completes
    Then the transaction fails
    And the bench reports the desync unreversed-timeout caused by operator-error

  @req:SETL-02
  Scenario: settlement-mismatch caused by network-failure
    Given the terminal setting "defects" is "no-reversal-on-timeout"
    And the terminal setting "host_timeout_ms" is "200"
    And the network delivers the response to the next request 200 ms after the terminal's host timeout
    When a sale of 77.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    When the cashier settles the batch
    Then the terminal shows "SETTLEMENT UNBALANCED"
    And the bench reports the desync settlement-mismatch caused by network-failure
    And the bench reports the desync unreversed-timeout caused by network-failure

  @req:SETL-02 @req:CFG-02
  Scenario: settlement-mismatch caused by misconfiguration
    Given the terminal setting "defects" is "no-reversal-on-timeout"
    And the issuer responds after 400 ms
    And the terminal setting "host_timeout_ms" is "200"
    When a sale of 78.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    When the cashier settles the batch
    Then the terminal shows "SETTLEMENT UNBALANCED"
    And the bench reports the desync settlement-mismatch caused by misconfiguration
    And the bench reports the desync unreversed-timeout caused by misconfiguration

  @req:SETL-02 @req:OPR-06
  Scenario: settlement-mismatch caused by operator-error
    Given the terminal setting "defects" is "no-reversal-on-timeout"
    And the issuer responds after 300 ms
    When the cashier starts a sale of 79.00
    And the customer presents the card UNIONPAY_CHIP
    And the customer removes the card before the transaction completes
    Then the transaction fails
    When the cashier settles the batch
    Then the terminal shows "SETTLEMENT UNBALANCED"
    And the bench reports the desync settlement-mismatch caused by operator-error
    And the bench reports the desync unreversed-timeout caused by operator-error

  @req:RCPT-03 @req:CFG-02
  Scenario: receipt-without-approval caused by misconfiguration: the wrong merchant id
    Given the terminal setting "defects" is "receipt-before-approval"
    And the terminal setting "merchant_id" is "898310048999999"
    When a sale of 73.10 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "03"
    And the bench reports the desync receipt-without-approval caused by misconfiguration

  @req:RCPT-03 @req:CFG-02
  Scenario: receipt-without-approval caused by misconfiguration: the wrong NII
    Given the terminal setting "defects" is "receipt-before-approval"
    And the terminal setting "host_timeout_ms" is "200"
    And the terminal setting "reversal_retries" is "1"
    And the terminal setting "nii" is "009"
    When a sale of 73.20 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the bench reports the desync receipt-without-approval caused by misconfiguration

  @req:RCPT-03 @req:CFG-02 @req:NET-03
  Scenario: receipt-without-approval caused by misconfiguration: the wrong keys
    Given the terminal setting "defects" is "receipt-before-approval"
    And the issuer sends responses with a bad MAC
    When a sale of 73.30 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "MAC ERROR"
    And the issuer has received a reversal of 73.30
    And the bench reports the desync receipt-without-approval caused by misconfiguration
