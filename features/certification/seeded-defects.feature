@certification
Feature: The oracle catches firmware defects
  The reference terminal can run with seeded firmware defects. Each one must show up as a
  desync the bench names — that is how we know the suite would catch the same bug in real
  firmware.

  Background:
    Given the terminal is signed on

  @req:RCPT-03
  Scenario: A slip printed before the host answered, for a sale the host declined
    Given the terminal setting "defects" is "receipt-before-approval"
    And the issuer declines transactions with response code "51"
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "51"
    And the bench reports the desync receipt-without-approval caused by firmware-defect

  @req:NET-02 @req:REV-01
  Scenario: A request re-sent with a new trace number after a lost response charges twice
    # A magstripe card: a chip card's re-sent cryptogram would be refused as a replay.
    Given the terminal setting "defects" is "resend-with-new-stan"
    And the network drops the response to the next request
    When a sale of 33.00 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is approved
    And the bench reports the desync duplicate-charge caused by network-failure
    And the bench reports the desync unreversed-timeout caused by network-failure
    # The slip and the journal show the first STAN with the RRN and auth code of the second approval.
    And the bench reports the desync receipt-field-mismatch caused by firmware-defect
    And the bench reports the desync journal-field-mismatch caused by firmware-defect

  @req:NET-02 @req:REV-01
  Scenario: A chip card's re-sent cryptogram is refused as a replay, and the first approval is left held
    Given the terminal setting "defects" is "resend-with-new-stan"
    And the network drops the response to the next request
    When a sale of 34.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "05"
    And the bench reports the desync unreversed-timeout caused by network-failure

  @req:RCPT-04
  Scenario: Printing without checking for paper loses the slip silently
    Given the terminal setting "defects" is "no-paper-check"
    And the printer has no paper
    When a sale of 44.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the bench reports the desync approved-without-receipt caused by printer-failure
    # The journal claims the slip the printer never printed.
    And the bench reports the desync receipt-count-mismatch caused by firmware-defect

  @req:SYNC-02
  Scenario: A decline read as an approval: the journal claims an approval the host never gave
    Given the terminal setting "defects" is "approval-by-first-digit"
    And the issuer declines transactions with response code "05"
    When a sale of 45.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the bench reports the desync approval-not-given caused by firmware-defect
    And the bench reports the desync receipt-without-approval caused by firmware-defect
