import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * A password must be hard to guess, as judged by a maintained estimator (zxcvbn-ts): score 3
 * of 4 or better, which refuses repeats (`aaaaaaaaaa`), keyboard walks, common passwords and
 * dictionary words with a digit on the end, and lets long passphrases through. Length alone
 * (10 characters, checked by the schema) is not strength.
 */
export const minimumScore = 3;

let estimator: ZxcvbnFactory | undefined;
/** Built on first use: its dictionaries take a third of a second to rank. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
    // A longer password is strong anyway; checking more would let a request buy CPU time.
    maxLength: 64,
  });
  return estimator;
}

/** Why the password is refused, in words a user can act on; undefined when it is strong enough. */
export function passwordProblem(password: string, userInputs: string[] = []): string | undefined {
  const result = zxcvbn().check(password, userInputs);
  if (result.score >= minimumScore) return undefined;
  const why = result.feedback.warning ?? 'This password is too easy to guess.';
  const hint = result.feedback.suggestions[0];
  return `Too easy to guess: ${why}${hint ? ` ${hint}` : ''}`.replace(/\.\s*\./g, '.');
}
