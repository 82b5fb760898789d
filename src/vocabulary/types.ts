/**
 * The step vocabulary as data: what each step definition means to a QA engineer. The
 * metadata lives beside the definitions (steps/vocabulary.ts); `loadVocabulary` joins it
 * with the definitions Cucumber really loads, so docs/steps.md, `posbench steps` and
 * `posbench check` can never describe a step that does not exist, or miss one that does.
 */
import { PosbenchError } from '../util/errors';

export type StepKeyword = 'Given' | 'When' | 'Then';

/** What a QA engineer reads about one step definition. */
export interface StepDoc {
  /** The definition's expression exactly as written in steps/*.ts (a regexp by its source, e.g. "/^(\\d+) receipts?$/"). */
  expression: string;
  /** The keyword it is written with in features. */
  keyword: StepKeyword;
  /** The heading it is listed under in docs/steps.md. */
  section: string;
  /** How the step reads for a person when the expression is a regexp, e.g. "{int} receipt(s) is/are printed". */
  phrasing?: string;
  /** What it does, or what it asserts and how it fails. */
  description: string;
  /** One line as it appears in a feature, keyword included. */
  example: string;
  /** The step reads the doc string written below it (`"""` … `"""`); `posbench check` then requires one. */
  docString?: boolean;
  /** Part of the canonical vocabulary every profile supports (false: an extra, e.g. message-level network faults). */
  canonical?: boolean;
  /**
   * Checks `posbench check` runs on the step's plain-text arguments (the ones no parameter
   * type validates, e.g. a setting name and value). Throws a VocabularyError naming the problem.
   */
  check?: (args: readonly string[]) => void;
}

/** A feature tag that means something to posbench (others are free labels for selection). */
export interface TagDoc {
  tag: string;
  description: string;
}

/** The vocabulary module a project provides (steps/vocabulary.ts). */
export interface VocabularyModule {
  SECTIONS: readonly { title: string; intro?: string }[];
  STEP_DOCS: readonly StepDoc[];
  TAG_DOCS: readonly TagDoc[];
}

/** A step's argument, or a step itself, does not fit the vocabulary. */
export class VocabularyError extends PosbenchError {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super('VOCABULARY', message);
  }
}
