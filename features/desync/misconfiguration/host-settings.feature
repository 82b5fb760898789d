@desync @misconfiguration @req:CFG-02
Feature: The terminal's host settings are wrong
  A host timeout shorter than the host takes to answer, a terminal or merchant id the
  acquirer does not know, a TPDU addressed to the wrong NII, MAC keys the two sides do not
  share, a clock set to another day. Each is a setting the bench records as
  misconfiguration (docs/desyncs.md); a correct terminal fails safely, and a desync that
  follows is named misconfiguration.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:REV-01
  Scenario: A host timeout shorter than the host's answer time: every sale times out and is reversed
    Given the issuer responds after 400 ms
    And the terminal setting "host_timeout_ms" is "200"
    When a sale of 64.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "HOST TIMEOUT"
    And the issuer has received a reversal of 64.00
    And no receipt is printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  Scenario: The wrong terminal id: the acquirer does not know the terminal (97)
    Given the terminal setting "terminal_id" is "PB999999"
    When a sale of 65.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "97"
    And the terminal shows "DECLINED 97"
    And no receipt is printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  Scenario: The wrong merchant id: the acquirer refuses the merchant (03)
    Given the terminal setting "merchant_id" is "898310048999999"
    When a sale of 66.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "03"
    And the terminal shows "DECLINED 03"
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:REV-04
  Scenario: The wrong NII: nothing reaches the host, and the reversal goes to manual handling
    Given the terminal setting "host_timeout_ms" is "200"
    And the terminal setting "reversal_retries" is "1"
    And the terminal setting "nii" is "009"
    When a sale of 67.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "HOST TIMEOUT"
    And 1 receipt is printed
    And the last receipt shows "故障单 FAULT SLIP"
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  @req:NET-03
  Scenario: The wrong keys: every reply's MAC fails, and every sale is reversed
    Given the issuer sends responses with a bad MAC
    When a sale of 68.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "MAC ERROR"
    And the issuer has received a reversal of 68.00
    When a sale of 69.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal shows "MAC ERROR"
    And the issuer has received a reversal of 69.00
    And no receipt is printed
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And the ledger, journal and receipts are in sync

  @req:RCPT-05
  Scenario: The terminal clock is set to another day: the slip and field 13 carry that day
    Given the terminal setting "terminal_clock" is "2025-01-01T08:00:00"
    When a sale of 70.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the last receipt shows "日期/时间: 2025/01/01 08:0"
    And the issuer received field 13 as "0101" in the last financial request
    And the bench reports the desync receipt-field-mismatch caused by misconfiguration

  @req:CFG-02
  Scenario: The terminal's clock dates the request: field 13 carries its date, field 12 its time
    Given the terminal setting "terminal_clock" is "2025-06-30T23:59:00"
    When a sale of 71.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer received field 13 as "0630" in the last financial request
    And the issuer received field 12 as "2359…" in the last financial request
    And the bench reports the desync receipt-field-mismatch caused by misconfiguration
