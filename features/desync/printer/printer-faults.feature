@desync @printer
Feature: The printer fails after the money moved
  The host approves, then the paper does not come out. The terminal must keep the sale
  (the money is held), say why, and be able to print the slip again once the printer is
  fixed. Until then the bench names the desync and blames the printer.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:RCPT-04 @req:RCPT-02 @req:MASK-01
  Scenario: No paper: approved without a receipt, then reprinted after loading paper
    Given the printer has no paper
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "PRINTER OUT OF PAPER"
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by printer-failure
    When the technician loads paper
    And the cashier reprints the last receipt
    Then 1 receipt is printed
    And the last receipt is marked as a reprint
    And every receipt masks the card number
    And the ledger, journal and receipts are in sync

  @req:RCPT-04
  Scenario: Paper runs out in the middle of the slip
    Given the printer runs out of paper after 8 lines
    When a sale of 26.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by printer-failure

  @req:RCPT-04 @req:RCPT-02
  Scenario: The printer cover is open
    Given the printer cover is open
    When a sale of 27.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "COVER OPEN"
    And the bench reports the desync approved-without-receipt caused by printer-failure
    When the technician closes the printer cover
    And the cashier reprints the last receipt
    Then the last receipt is marked as a reprint
    And the ledger, journal and receipts are in sync

  @req:RCPT-04
  Scenario: The printer is offline
    Given the printer is offline
    When a sale of 28.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "PRINTER OFFLINE"
    And the bench reports the desync approved-without-receipt caused by printer-failure
    When the printer comes back online
    And the cashier reprints the last receipt
    Then 1 receipt is printed
    And the ledger, journal and receipts are in sync

  @req:RCPT-02
  Scenario: A reprint with the paper still out fails and says so; the slip stays owed until one prints
    Given the printer has no paper
    When a sale of 29.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the bench reports the desync approved-without-receipt caused by printer-failure
    When the cashier reprints the last receipt
    Then no receipt is printed
    And the terminal shows "PRINTER OUT OF PAPER"
    When the technician loads paper
    And the cashier reprints the last receipt
    Then 1 receipt is printed
    And the last receipt is marked as a reprint
    And the terminal shows "APPROVED"
    And the ledger, journal and receipts are in sync

  @req:RCPT-02
  Scenario: Before the first sale there is nothing to reprint
    Given the terminal is signed on
    When the cashier reprints the last receipt
    Then no receipt is printed
    And the terminal shows "NO RECEIPT TO REPRINT"


  @req:RCPT-04 @req:RCPT-02
  Scenario: A jammed cutter is a printer error: approved, no receipt, reprinted once it is cleared
    Given the printer's cutter is jammed
    When a sale of 30.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "PRINTER ERROR"
    And no receipt is printed
    And the bench reports the desync approved-without-receipt caused by printer-failure
    When the technician clears the cutter jam
    And the cashier reprints the last receipt
    Then 1 receipt is printed
    And the last receipt is marked as a reprint
    And the ledger, journal and receipts are in sync

  @req:RCPT-04
  Scenario: The cutter jams at the end of the slip: the slip is out, the terminal says so
    Given the printer's cutter jams at the next cut
    When a sale of 31.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal shows "PRINTER ERROR"
    # The slip is out, uncut; the terminal, told of an error after it, counts it as not printed.
    And the bench reports the desync receipt-count-mismatch caused by printer-failure
    And the printer's paper sensor reports "unknown"
    When the technician clears the cutter jam
    Then the printer's paper sensor reports "present"
