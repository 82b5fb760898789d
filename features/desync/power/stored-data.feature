@desync @power-loss @req:DATA-01
Feature: Stored data tampered with while the power is off
  The terminal keeps its card data and keys sealed (docs/domain.md §6). A technician who
  edits, strips or deletes what it stored while the power is off must see the terminal
  refuse to start and name the file and what is wrong — never a terminal that boots on data
  it cannot trust, nor one that silently forgets the reversal it owes.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario Outline: The terminal will not boot on stored data that does not open: <tampering>
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the power fails
    And the terminal's stored data is tampered with while the power is off: <tampering>
    Then the terminal refuses to power on, saying '<reason>'

    Examples:
      | tampering               | reason                                                                            |
      | sealed-mac-key-altered  | state.json: sealedMacKey does not open under the terminal key …terminal.key: it was altered, or sealed under another key |
      | sealed-mac-key-unsealed | state.json: sealedMacKey is not a sealed value                                    |
      | sealed-mac-key-foreign  | state.json: sealedMacKey is not a sealed value                                    |
      | data-key-lost           | state.json: holds sealed card data but the terminal key …terminal.key is missing  |
      | data-key-replaced       | terminal.key: not a terminal data key (expected 64 hex digits)                    |
      | state-unreadable        | state.json:1: unreadable state:                                                   |

  @req:REV-02
  Scenario: An owed reversal whose sealed fields were altered is not dropped unseen
    Given the power fails while the terminal waits for the host
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    When the terminal's stored data is tampered with while the power is off: sealed-reversal-altered
    Then the terminal refuses to power on, saying 'state.json: pendingReversal.sealedFields does not open under the terminal key'
    # The host holds the money and the terminal that owes the reversal cannot start: a technician's case.
    And the bench reports the desync approved-without-receipt caused by power-loss

  Scenario Outline: The terminal will not boot on stored data of the wrong shape: <tampering>
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the power fails
    And the terminal's stored data is tampered with while the power is off: <tampering>
    Then the terminal refuses to power on, saying '<reason>'

    Examples:
      | tampering                | reason                                                          |
      | sealed-mac-key-null      | state.json: sealedMacKey is not a sealed value (alg, iv, tag, data) |
      | sealed-mac-key-no-iv     | state.json: sealedMacKey is not a sealed value                  |
      | sealed-mac-key-no-data   | state.json: sealedMacKey is not a sealed value                  |
      | data-key-digit-appended  | terminal.key: not a terminal data key (expected 64 hex digits)  |
      | data-key-digit-prepended | terminal.key: not a terminal data key (expected 64 hex digits)  |
      | journal-record-garbled   | journal.jsonl:1: not JSON                                       |

  @req:REV-02
  Scenario Outline: An owed reversal whose stored fields are not a sealed value is not dropped unseen: <tampering>
    Given the power fails while the terminal waits for the host
    When a sale of 20.00 is paid with the card UNIONPAY_CHIP
    Then the power failure cuts the transaction short
    When the terminal's stored data is tampered with while the power is off: <tampering>
    Then the terminal refuses to power on, saying '<reason>'
    And the bench reports the desync approved-without-receipt caused by power-loss

    Examples:
      | tampering                | reason                                                                              |
      | sealed-reversal-unsealed | state.json: pendingReversal.sealedFields is not a sealed value (alg, iv, tag, data) |
      | reversal-fields-lost     | state.json: pendingReversal has neither sealedFields nor fields                     |
      | reversal-stan-edited     | state.json: pendingReversal.sealedFields does not open under the terminal key                  |

  Scenario: A sealed value that opens but holds no JSON stops the terminal at power-on
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    When the power fails
    And the terminal's stored data is tampered with while the power is off: sealed-mac-key-not-json
    Then the terminal refuses to power on, saying 'state.json: sealedMacKey opened but is not JSON:'
