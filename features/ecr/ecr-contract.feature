@ecr @req:ECR-01
Feature: What a till may get wrong, and the typed answer it gets
  The ECR contract (docs/ecr.md) is what a firmware team implements and a till relies on.
  A request it does not allow is refused at once with a stable error code and a message that
  names the argument, and nothing happens: no card is asked for, nothing reaches the host.

  Background:
    Given the terminal is signed on
    And the issuer approves all transactions

  Scenario Outline: A <cmd> with <what> is refused with <code>
    When the till sends the ECR request "<cmd>" with the arguments '<args>'
    Then the terminal answers the ECR error "<code>", saying '<says>'
    And the issuer receives 0 financial requests
    And no receipt is printed

    Examples:
      | cmd     | what                        | args                                  | code            | says                                                        |
      | sale    | no amount                   | {}                                    | BAD_ARGS        | args.amountMinor must be a whole number of minor units, got undefined |
      | sale    | an amount in a string       | {"amountMinor": "25"}                 | BAD_ARGS        | got "25"                                                    |
      | sale    | an amount with a fraction   | {"amountMinor": 12.5}                 | BAD_ARGS        | got 12.5                                                    |
      | sale    | a negative amount           | {"amountMinor": -1}                   | BAD_ARGS        | got -1                                                      |
      | sale    | an amount past n12          | {"amountMinor": 1000000000000}        | BAD_ARGS        | got 1000000000000                                           |
      | refund  | no amount                   | {"originalStan": "000002"}            | BAD_ARGS        | args.amountMinor                                            |
      | refund  | a trace number of 5 digits  | {"amountMinor": 100, "originalStan": "12345"} | BAD_ARGS | args.originalStan must be a trace number of 6 digits, got "12345" |
      | void    | a trace number as a number  | {"originalStan": 2}                   | BAD_ARGS        | args.originalStan must be a trace number of 6 digits, got 2 |
      | reprint | a trace number with letters | {"stan": "00000A"}                    | BAD_ARGS        | args.stan must be a trace number of 6 digits                |
      | refill  | a command nobody defined    | {}                                    | UNKNOWN_COMMAND | unknown command "refill"                                    |

  Scenario: The largest amount field 4 carries reaches the host whole
    When a sale of 9999999999.99 is paid with the card UNIONPAY_CHIP
    Then the transaction is declined with response code "51"
    And the issuer received field 4 as "999999999999" in the last financial request

  Scenario: The journal is read in pages
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And a sale of 11.00 is paid with the card UNIONPAY_CHIP
    And a sale of 12.00 is paid with the card UNIONPAY_CHIP
    And the till sends the ECR request "journal" with the arguments '{"offset": 1, "limit": 1}'
    Then the terminal answers the ECR request with 1 journal entry
    When the till sends the ECR request "journal" with the arguments '{"offset": 1}'
    Then the terminal answers the ECR request with 2 journal entries
    When the till sends the ECR request "journal" with the arguments '{"offset": -1, "limit": 0}'
    Then the terminal answers the ECR request with 3 journal entries
    When the till sends the ECR request "journal" with the arguments '{"offset": 5}'
    Then the terminal answers the ECR request with 0 journal entries

  Scenario Outline: A <cmd> with <what> is refused with <code>, and nothing is held
    When the till sends the ECR request "<cmd>" with the arguments '<args>'
    Then the terminal answers the ECR error "<code>", saying '<says>'
    And the issuer receives 0 financial requests

    Examples:
      | cmd     | what                          | args                                            | code     | says                                                              |
      | sale    | no arguments at all           | null                                            | BAD_ARGS | args.amountMinor must be a whole number of minor units, got undefined |
      | refund  | an amount past n12            | {"amountMinor": 1000000000000}                  | BAD_ARGS | got 1000000000000                                                 |
      | void    | a trace number of 7 digits    | {"originalStan": "0000012"}                     | BAD_ARGS | args.originalStan must be a trace number of 6 digits, got "0000012" |
      | void    | a 6-digit trace as a number   | {"originalStan": 123456}                        | BAD_ARGS | args.originalStan must be a trace number of 6 digits, got 123456  |
      | refund  | a trace number with a space   | {"amountMinor": 100, "originalStan": " 000002"} | BAD_ARGS | args.originalStan must be a trace number of 6 digits, got " 000002" |
      | reprint | a trace number of 7 digits    | {"stan": "1000002"}                             | BAD_ARGS | args.stan must be a trace number of 6 digits, got "1000002"       |

  @req:CFG-04
  Scenario Outline: A setConfig with <what> is refused with TERMINAL_CONFIG, and the setting is as it was
    When the till sends the ECR request "setConfig" with the arguments '<args>'
    Then the terminal answers the ECR error "TERMINAL_CONFIG", saying '<says>'
    And the terminal's setting "nii" reads "006"

    Examples:
      | what              | args                          | says                                                      |
      | no arguments      | null                          | terminal setting "": unknown setting (known: print_receipts |
      | no setting's name | {"value": "007"}              | terminal setting "": unknown setting                      |
      | no value          | {"name": "nii"}               | terminal setting "nii": "" is not 3 digits (e.g. 006)     |
      | a value too long  | {"name": "nii", "value": "0071"} | terminal setting "nii": "0071" is not 3 digits (e.g. 006) |

  @req:ECR-02
  Scenario: A setConfig is answered with the setting and the value the terminal took
    When the till sends the ECR request "setConfig" with the arguments '{"name": "receipt_copies", "value": "2"}'
    Then the terminal answers the ECR request with '{"name": "receipt_copies", "value": "2"}'
    And the terminal's setting "receipt_copies" reads "2"

  @req:ECR-02
  Scenario: A till restarts the terminal over ECR and sells on
    When a sale of 10.00 is paid with the card UNIONPAY_CHIP
    And the till sends the ECR request "restart" with the arguments '{}'
    Then the terminal answers the ECR request with '{"restarted": true}'
    When a sale of 11.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 2 receipts are printed
    And the ledger, journal and receipts are in sync

  @req:ECR-02
  Scenario: The terminal answers with the till's intent id, or one it makes up for the command
    Given the terminal setting "card_wait_timeout_ms" is "1"
    When the till sends the ECR request "sale" with the arguments '{"amountMinor": 100, "intentId": "till-sale-0001"}'
    Then the terminal answers the ECR request naming the intent "till-sale-0001"
    When the till sends the ECR request "sale" with the arguments '{"amountMinor": 100}'
    Then the terminal answers the ECR request naming the intent "sale-…"
    When the till sends the ECR request "refund" with the arguments '{"amountMinor": 100}'
    Then the terminal answers the ECR request naming the intent "refund-…"
    When the till sends the ECR request "void" with the arguments '{}'
    Then the terminal answers the ECR request naming the intent "void-…"
    And the issuer receives 0 financial requests

  Scenario Outline: A <cmd> of nothing is refused; the smallest amount is one minor unit
    When the till sends the ECR request "<cmd>" with the arguments '{"amountMinor": 0}'
    Then the terminal answers the ECR error "BAD_ARGS", saying 'args.amountMinor must be a whole number of minor units, got 0'
    And the issuer receives 0 financial requests
    When a sale of 0.01 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And the issuer received field 4 as "000000000001" in the last financial request

    Examples:
      | cmd    |
      | sale   |
      | refund |
