import { z } from 'zod';
import { fail, type ServiceError } from './result';

/** Shared input rules, so every surface rejects the same things with the same words. */
export const uuid = z.string().uuid({ message: 'must be a UUID' });
export const idempotencyKey = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(200, { message: 'must be at most 200 characters' })
  .regex(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' });

/** Parses with zod and turns the first issue into a BAD_USER_INPUT error naming the field. */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
): { ok: true; value: z.infer<T> } | { ok: false; error: ServiceError } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  return fail('BAD_USER_INPUT', `${field} ${issue?.message ?? 'is invalid'}.`, field);
}
