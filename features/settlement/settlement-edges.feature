@settlement
Feature: Settlement at the edges
  A batch closes only when the host has reconciled it. Before that an owed reversal must
  reach the host; a host that refuses the settlement leaves the batch open at both sides.
  Only approved sales and refunds are counted, a balanced batch is not uploaded, and the
  batch number runs 000001 … 999999 and starts again (docs/domain.md §1.6).

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  @req:SETL-05 @req:REV-02
  Scenario: An owed reversal that cannot be delivered keeps the batch open
    When a sale of 12.00 is paid with the card UNIONPAY_CHIP
    Given the issuer does not respond
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    When the cashier attempts to settle the batch
    Then the terminal shows "REVERSAL FAILED, CALL SUPPORT"
    And the terminal reports 1 record in the open batch
    Given the issuer responds normally
    When the cashier settles the batch
    Then the settlement is balanced
    And the issuer receives the reversal of 40.00 before the settlement
    And the terminal reports 0 records in the open batch
    And the ledger, journal and receipts are in sync

  @req:SETL-05
  Scenario: The host refuses the settlement: the batch stays open and settles later
    When a sale of 25.00 is paid with the card VISA_CHIP
    Given the issuer declines the settlement with response code "96"
    When the cashier attempts to settle the batch
    Then the terminal shows "DECLINED 96"
    And the terminal reports 1 record in the open batch
    When the cashier settles the batch
    Then the settlement is balanced
    And the terminal reports 0 records in the open batch
    And the ledger, journal and receipts are in sync

  @req:SETL-01
  Scenario: A declined refund is counted nowhere, and a balanced batch is not uploaded
    When a sale of 30.00 is paid with the card UNIONPAY_CHIP
    Given the issuer declines transactions with response code "05"
    When the cashier refunds 10.00 of the last transaction
    Then the transaction is declined with response code "05"
    Given the issuer approves all transactions
    When the cashier settles the batch
    Then the settlement is balanced
    And the issuer receives 0 batch uploads
    And the ledger, journal and receipts are in sync

  @req:SETL-06
  Scenario: After batch 999999 the terminal opens batch 000001
    Given the host's batch number is "999999"
    And the terminal is signed on
    When a sale of 5.00 is paid with the card UNIONPAY_CHIP
    Then the last receipt shows "批次号: 999999"
    When the cashier settles the batch
    Then the settlement is balanced
    And the last receipt shows "批次号 BATCH: 999999"
    When a sale of 6.00 is paid with the card UNIONPAY_CHIP
    Then the last receipt shows "批次号: 000001"
    And the ledger, journal and receipts are in sync

  @req:SETL-06
  Scenario: After a settlement the next sale opens the next batch, its trace numbers going on
    When a sale of 7.00 is paid with the card UNIONPAY_CHIP
    Then the last receipt shows "批次号: 000001    凭证号: 000002"
    When the cashier settles the batch
    Then the settlement is balanced
    When a sale of 8.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the last receipt shows "批次号: 000002    凭证号: 000004"
    And the ledger, journal and receipts are in sync

  @req:SETL-05
  Scenario: An 0510 that does not answer the settlement closes nothing
    When a sale of 9.00 is paid with the card UNIONPAY_CHIP
    Given the answer to the next settlement comes back with field 11 as "999999"
    When the cashier attempts to settle the batch
    Then the terminal shows "BAD HOST REPLY"
    And the terminal reports 1 record in the open batch
    When the cashier settles the batch
    Then the settlement is balanced
    And the terminal reports 0 records in the open batch
    And the ledger, journal and receipts are in sync

  @req:SETL-02
  Scenario: A batch upload the host refuses is not counted as uploaded
    Given the terminal setting "defects" is "no-reversal-on-timeout"
    And the issuer responds 300 ms after the terminal's host timeout
    When a sale of 30.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    Given the issuer responds normally
    And the issuer refuses the next batch upload with response code "96"
    When a sale of 40.00 is paid with the card UNIONPAY_CHIP
    And the cashier settles the batch
    Then the terminal shows "SETTLEMENT UNBALANCED"
    And the issuer receives 1 batch upload
    And the last receipt shows "对账不平 UNBALANCED - UPLOADED 0"
    And the bench reports the desync settlement-mismatch caused by bank-delay
    And the bench reports the desync unreversed-timeout caused by bank-delay


  @req:SETL-05
  Scenario: The till is told why the batch stayed open: a refusal, an answer that is not the settlement's, an owed reversal
    Given the terminal setting "reversal_retries" is "1"
    When a sale of 26.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the issuer declines the settlement with response code "96"
    When the cashier attempts to settle the batch
    Then the settlement failed, saying "…settlement failed: response 96"
    Given the answer to the next settlement comes back with field 11 as "999999"
    When the cashier attempts to settle the batch
    Then the terminal shows "BAD HOST REPLY"
    And the settlement failed, saying "…settlement failed: the reply (0510) does not answer the settlement"
    Given the issuer does not respond
    When a sale of 27.00 is paid with the card UNIONPAY_CHIP
    Then the transaction fails
    When the cashier attempts to settle the batch
    Then the settlement failed, saying "…settlement failed: a pending reversal could not be delivered"
    Given the issuer responds normally
    When the cashier settles the batch
    Then the settlement is balanced
    And the terminal reports 0 records in the open batch
    And the ledger, journal and receipts are in sync

  @req:SETL-07
  Scenario: A debit total of 9999999999.99, the most field 48 carries in n12, settles balanced
    Given the cardholder account of UNIONPAY_CHIP has a balance of 30000000000.00
    When a sale of 9999999999.99 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    And the issuer received field 48 as "9999999999990010000000000000000" in the last settlement
    And the ledger, journal and receipts are in sync

  @req:SETL-07
  Scenario: A debit total one fen over what field 48 carries is not sent: the settlement fails and names the total
    Given the cardholder account of UNIONPAY_CHIP has a balance of 30000000000.00
    When a sale of 9999999999.99 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When a sale of 0.01 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier attempts to settle the batch
    Then the settlement failed, saying "…settlement failed: field 48 debit total (offset 0, n12): 1000000000000 does not fit 12 digits"
    And the terminal shows "SETTLEMENT FAILED"
    And the terminal reports 2 records in the open batch
    And the ledger, journal and receipts are in sync

  @req:SETL-07
  Scenario: A credit total over what field 48 carries, refunds of a settled sale included, is not sent
    Given the cardholder account of UNIONPAY_CHIP has a balance of 30000000000.00
    When a sale of 9999999999.99 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    When the cashier refunds 9999999999.99 of the sale with trace number "000002"
    Then the transaction is approved
    When a sale of 0.01 is paid with the card UNIONPAY_CHIP
    And the cashier refunds 0.01 of the last transaction
    Then the transaction is approved
    When the cashier attempts to settle the batch
    Then the settlement failed, saying "…settlement failed: field 48 credit total (offset 15, n12): 1000000000000 does not fit 12 digits"
    And the terminal reports 3 records in the open batch
    And the ledger, journal and receipts are in sync

  @req:SETL-03
  Scenario: The till is told how the settlement ended, and why its slip did not come out
    When a sale of 28.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the cashier settles the batch
    Then the settlement is balanced
    And the till is told "SETTLEMENT BALANCED" for the settlement
    When a sale of 29.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    Given the printer has no paper
    When the cashier settles the batch
    Then the settlement is balanced
    And the till is told "PRINTER OUT OF PAPER" for the settlement
    When the technician loads paper
    Then the ledger, journal and receipts are in sync
