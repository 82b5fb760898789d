@maintenance @req:CFG-06
Feature: A terminal refuses a command line it cannot take
  A bench starts a terminal from its command line (docs/benches.md): addresses, ports, its
  state directory and its settings as --set NAME=VALUE. Firmware that cannot take what it was
  given must refuse to start and name the option — a terminal started half configured prints,
  dials and books with settings nobody chose. Each check starts the terminal a second time,
  on a state directory of its own; the terminal under test is not touched. (That the command
  line the bench gives is taken, every other scenario shows: each starts its terminal from it.)

  Scenario Outline: Started with <what>, the terminal refuses and names the option
    Then the terminal started with the extra options "<options>" refuses to start, saying '<says>'

    Examples:
      | what                          | options                     | says                                                                  |
      | an option it does not know    | --baud 9600                 | --baud: unknown option                                                |
      | an option without its value   | --set                       | --set: needs a value                                                  |
      | a setting without a value     | --set receipt_copies        | --set: wants NAME=VALUE, got "receipt_copies"                         |
      | a setting without a name      | --set =2                    | --set: wants NAME=VALUE, got "=2"                                     |
      | a setting out of range        | --set receipt_copies=9      | terminal setting "receipt_copies": 9 is outside 0..3                  |
      | a setting nobody defined      | --set paper_colour=white    | terminal setting "paper_colour": unknown setting (known: …)           |
      | an ECR port past 65535        | --ecr-port 65536            | --ecr-port: expected a TCP port 0–65535 (0: any free one), got "65536" |
      | an ECR port that is no number | --ecr-port any              | --ecr-port: expected a TCP port 0–65535 (0: any free one), got "any"   |
      | a host address without a port | --host 127.0.0.1            | terminal setting "host_address": "127.0.0.1" is not host:port         |

  Scenario Outline: Started without <option>, the terminal refuses and names it
    Then the terminal started without the option "<option>" refuses to start, saying "<option>: is required"

    Examples:
      | option      |
      | --state-dir |
      | --reader    |
