@desync @misconfiguration
Feature: A slip laid out for another printer
  The terminal and the printer must agree on the code page and the paper width. A slip
  encoded in one code page and printed in another is garbled — the oracle recognises it as
  unreadable; a slip laid out for 80 mm paper on a 58 mm printer has its lines wrapped.
  Either way the slip is on paper but not as the terminal laid it out, and the cause is
  the setting: misconfiguration.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:CFG-03
  Scenario: The wrong code page garbles the slip
    # The printer decodes GB18030; the terminal encodes Big5 (a Taiwan firmware build).
    Given the terminal setting "printer_encoding" is "big5"
    When a sale of 64.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the bench reports the desync malformed-receipt caused by misconfiguration
    And the bench reports the desync approved-without-receipt caused by misconfiguration

  @req:CFG-03
  Scenario: The wrong paper width wraps the slip's lines
    # The bench's printer has 58 mm paper (32 columns); the terminal lays out 48.
    Given the terminal setting "paper_columns" is "48"
    When a sale of 65.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed
    And the last receipt shows "CNY 65.00"
    And the bench reports the desync malformed-receipt caused by misconfiguration
