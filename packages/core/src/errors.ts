/**
 * Domain errors. Core throws these and never HTTP types; packages/api maps each class to a
 * tRPC code in one place (packages/api/src/errors.ts).
 */
export class DomainError extends Error {
  override name = "DomainError";
}

/** The thing asked for does not exist (or the caller may not know it exists). */
export class NotFoundError extends DomainError {
  override name = "NotFoundError";
}

/** Signed in, but this role or user may not do this. */
export class ForbiddenError extends DomainError {
  override name = "ForbiddenError";
}

/** The input is well-formed but breaks a rule; `field` points a form at the culprit. */
export class RuleViolationError extends DomainError {
  override name = "RuleViolationError";
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The state changed under the caller (already decided, already exists, raced). */
export class ConflictError extends DomainError {
  override name = "ConflictError";
}

/** Too many attempts; `retryAfterSeconds` tells the person when to try again. */
export class RateLimitedError extends DomainError {
  override name = "RateLimitedError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
