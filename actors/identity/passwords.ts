import { z } from 'zod';
import { passwordProblem } from './password-policy';

/**
 * Password hashing is a port: the runtime supplies a KDF (scrypt from node:crypto on Bun,
 * Node and workerd). Hashes carry their parameters, so they can be strengthened later and
 * verified by any runtime.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
  /** A valid hash of nothing anyone knows: checked when the user is unknown, so both take the same time. */
  readonly decoy: string;
}

export const password = z
  .string()
  .min(10, 'Must be at least 10 characters.')
  .max(200, 'Must be at most 200 characters.')
  .superRefine((value, ctx) => {
    // Only once the length is right: the estimator is the costlier check.
    if (value.length < 10 || value.length > 200) return;
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ examples: ['correct horse battery staple'] });
