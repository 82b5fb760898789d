@maintenance @req:MAINT-01
Feature: What a technician runs at the start of a day or after a repair
  Before the shop opens: print a test page, read the paper sensor, check the line to the
  host with an echo test, check every line at once, read the journal's integrity, the
  terminal's time and the batch status. Each check must say the truth when something is
  wrong, not only when all is well. None of them moves money or prints a receipt the
  oracle would take for a sale's.

  @req:RCPT-05
  Scenario: The printer test page shows the paper width, the code page and Chinese text
    When the technician prints a test page
    Then 1 receipt is printed
    And the terminal shows "TEST PAGE PRINTED"
    And the last receipt shows "打印测试 PRINTER TEST"
    And the last receipt shows "编码 CODE PAGE: gb18030"
    And the last receipt shows "中文打印测试 汉字"
    And the last receipt shows "测试结束 END OF TEST"
    And the last receipt is printed 32 columns wide
    And the last receipt reads:
      """
           打印测试 PRINTER TEST
      --------------------------------
      商户名称: POSBENCH TEST SHOP
      终端编号 TERMINAL: PB000001
      纸宽 PAPER: 32 COLUMNS
      编码 CODE PAGE: gb18030
      12345678901234567890123456789012
      中文打印测试 汉字 ABC abc 123
      日期/时间: …
      --------------------------------
            测试结束 END OF TEST
      """
    And the last receipt prints "打印测试 PRINTER TEST" in double height
    And the last receipt prints "测试结束 END OF TEST" in normal print
    And the ledger, journal and receipts are in sync

  @req:RCPT-05
  Scenario: On 80 mm paper the test page rules 48 columns and names the terminal it was set up as
    Given the bench uses the "reference-80mm" hardware profile
    And the terminal setting "terminal_id" is "PB000777"
    When the technician prints a test page
    Then 1 receipt is printed
    And the last receipt is printed 48 columns wide
    And the last receipt reads:
      """
                   打印测试 PRINTER TEST
      ------------------------------------------------
      商户名称: POSBENCH TEST SHOP
      终端编号 TERMINAL: PB000777
      纸宽 PAPER: 48 COLUMNS
      编码 CODE PAGE: gb18030
      123456789012345678901234567890123456789012345678
      中文打印测试 汉字 ABC abc 123
      日期/时间: …
      ------------------------------------------------
                    测试结束 END OF TEST
      """

  Scenario: The test page prints even with receipts switched off
    Given the terminal setting "print_receipts" is "off"
    When the technician prints a test page
    Then 1 receipt is printed
    And the last receipt shows "打印测试 PRINTER TEST"

  @req:RCPT-04
  Scenario: Without paper the test page fails and says why
    Given the paper roll was not loaded at the start of the day
    When the technician prints a test page
    Then no receipt is printed
    And the terminal shows "PRINTER OUT OF PAPER"
    And the printer's paper sensor reports "out"
    When the technician loads paper
    Then the printer's paper sensor reports "present"
    When the technician prints a test page
    Then 1 receipt is printed

  Scenario: The paper sensor reports paper present on a ready printer
    Then the printer's paper sensor reports "present"
    And the terminal shows "PRINTER READY"

  Scenario: A roll near its end is reported, and the printer still counts as ready
    Given the printer's paper is near its end
    Then the printer's paper sensor reports "near-end"
    And the terminal shows "PRINTER READY"
    When the technician runs a line check
    Then the line check reports the printer line ok

  Scenario: The paper sensor cannot be read with the cover open or the printer off
    Given the printer cover is open
    Then the printer's paper sensor reports "unknown"
    And the terminal shows "COVER OPEN"
    When the technician closes the printer cover
    Then the printer's paper sensor reports "present"
    Given the printer is offline
    Then the printer's paper sensor reports "unknown"
    And the terminal shows "PRINTER OFFLINE"
    When the printer comes back online
    Then the printer's paper sensor reports "present"

  @req:NET-04
  Scenario: The host echo test is answered and moves no money
    When the technician runs a host echo test
    Then the host echo test passes
    And the terminal shows "ECHO OK"
    And the cardholder account of UNIONPAY_CHIP has a balance of 10000.00
    And no receipt is printed
    And the ledger, journal and receipts are in sync

  @req:MSG-02
  Scenario: The echo test and the sign-on say what they are in field 60, and the sign-on who signs on
    When the technician runs a host echo test
    Then the host echo test passes
    And the issuer received field 60 as "00000001301" in the last echo test
    Given the terminal is signed on
    Then the issuer received field 60 as "00000001003" in the last sign-on
    And the issuer received field 63 as "01 " in the last sign-on

  Scenario: An echo the host refuses fails, and the line check names the host's answer
    Given the issuer refuses the next echo test with response code "96"
    When the technician runs a host echo test
    Then the host echo test fails
    And the terminal shows "ECHO FAILED"
    Given the issuer refuses the next echo test with response code "96"
    When the technician runs a line check
    Then the line check reports the host line failed with "echo answered 96"
    And the line check reports the printer line ok
    And the terminal shows "LINE CHECK FAILED"

  Scenario: An 0810 that does not answer the echo does not count as a working line
    Given the answer to the next echo test comes back with field 11 as "999999"
    When the technician runs a host echo test
    Then the host echo test fails
    And the terminal shows "ECHO FAILED"
    Given the answer to the next echo test comes back with field 41 as "PB000999"
    When the technician runs a line check
    Then the line check reports the host line failed with "the reply (0810) does not answer the echo"
    When the technician runs a line check
    Then the line check reports the host line ok

  @req:NET-01
  Scenario: The host echo test fails while the network is down, and passes once it recovers
    Given the network is down
    When the technician runs a host echo test
    Then the host echo test fails
    And the terminal shows "ECHO FAILED"
    When the network recovers
    And the technician runs a host echo test
    Then the host echo test passes

  @req:CFG-02
  Scenario: The host echo test finds a TPDU addressed to the wrong NII
    Given the terminal setting "host_timeout_ms" is "200"
    And the terminal setting "nii" is "009"
    When the technician runs a host echo test
    Then the host echo test fails
    Given the terminal setting "nii" is "006"
    When the technician runs a host echo test
    Then the host echo test passes

  Scenario: The line check finds every line working
    When the technician runs a line check
    Then the line check reports the host line ok
    And the line check reports the printer line ok
    And the terminal shows "LINE CHECK OK"

  Scenario: The line check names the line that is down
    Given the printer is offline
    When the technician runs a line check
    Then the line check reports the host line ok
    And the line check reports the printer line failed
    And the terminal shows "LINE CHECK FAILED"
    And the line check reports the printer line failed with "offline"
    When the printer comes back online
    Given the network is down
    When the technician runs a line check
    Then the line check reports the host line failed
    And the line check reports the host line failed with "…: …"
    And the line check reports the printer line ok

  @req:SYNC-01
  Scenario: The journal is intact after a day of sales, a void, a refund, a decline and a timeout
    Given the terminal is signed on
    And the issuer approves all transactions
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card VISA_CHIP
    And the cashier voids the last transaction
    And the cashier refunds 5.00 of the sale with trace number "000002"
    Given the issuer declines transactions with response code "51"
    When a sale of 30.00 is paid with the card UNIONPAY_MAGSTRIPE
    Then the transaction is declined with response code "51"
    Given the issuer approves all transactions
    And the terminal setting "host_timeout_ms" is "200"
    And the network drops the response to the next request
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal's journal is intact
    And the terminal reports no reversal owed
    And the ledger, journal and receipts are in sync

  @req:BATCH-01 @req:SETL-01
  Scenario: The terminal's time and batch status
    Given the terminal is signed on
    And the issuer approves all transactions
    Then the terminal's clock is within 5 seconds of the bench's clock
    And the terminal reports 0 records in the open batch
    And the terminal reports no reversal owed
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Then the terminal reports 2 records in the open batch
    When the cashier settles the batch
    Then the settlement is balanced
    And the terminal reports 0 records in the open batch
    And the ledger, journal and receipts are in sync

  @req:REV-04
  Scenario: The batch status shows a reversal still owed after the host went silent
    Given the terminal is signed on
    And the terminal setting "host_timeout_ms" is "200"
    And the terminal setting "reversal_retries" is "1"
    And the issuer does not respond
    When a sale of 15.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    And the terminal reports 0 records in the open batch
    When the issuer responds normally
    And the technician runs a host echo test
    Then the host echo test passes
    When a sale of 16.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the terminal reports no reversal owed
    And the terminal reports 1 record in the open batch
    And the ledger, journal and receipts are in sync

  Scenario: The terminal names its firmware, and a build with a seeded defect says so
    Then the terminal names its firmware "posbench-reference-terminal" version "…"
    Given the terminal setting "defects" is "single-receipt-copy,no-paper-check"
    Then the terminal names its firmware "posbench-reference-terminal" version "…+defects.no-paper-check.single-receipt-copy"

  Scenario: A sign-on without the host fails, and the terminal sells nothing before one succeeds
    Given the network is down
    When the terminal tries to sign on
    Then the sign-on fails and the terminal shows "SIGN ON FAILED"
    When the cashier starts a sale of 17.00
    Then the transaction fails
    And the terminal shows "PLEASE SIGN ON"
    And no receipt is printed
    Given the network recovers
    When the terminal tries to sign on
    And a sale of 18.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the ledger, journal and receipts are in sync

  Scenario: A sign-on the host refuses gives the terminal no keys and no batch
    Given the issuer refuses the next sign-on with response code "96"
    When the terminal tries to sign on
    Then the sign-on is refused with response code "96"
    And the sign-on fails and the terminal shows "SIGN ON FAILED"
    When the cashier starts a sale of 19.00
    Then the transaction fails
    And the terminal shows "PLEASE SIGN ON"
    And the ledger, journal and receipts are in sync

  Scenario: An 0810 that does not answer the sign-on leaves the terminal signed off
    Given the answer to the next sign-on comes back with field 11 as "999999"
    When the terminal tries to sign on
    Then the sign-on fails and the terminal shows "SIGN ON FAILED"
    When the cashier starts a sale of 10.00
    Then the transaction fails
    And the terminal shows "PLEASE SIGN ON"
    Given the terminal is signed on
    And the issuer approves all transactions
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the ledger, journal and receipts are in sync

  @req:ECR-04
  Scenario: A sign-on that fails tells the till what went wrong
    Given the network is down
    When the terminal tries to sign on
    Then the sign-on fails, the terminal telling the till the reason "connect-failed: …"
    When the cashier starts a sale of 10.00
    Then the transaction fails
    And the terminal tells the till the reason "terminal not signed on"
    Given the network recovers
    And the answer to the next sign-on comes back with field 11 as "999999"
    When the terminal tries to sign on
    Then the sign-on fails, the terminal telling the till the reason "the reply (0810, STAN 999999) does not answer the sign-on"
