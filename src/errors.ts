/** Named errors, shared by every layer. */

/** What the user typed wrong: becomes a friendly card that says what to type, never a 5xx. */
export class UsageError extends Error {
  override name = 'UsageError'
  constructor(
    message: string,
    readonly hint?: string,
    /** The card's title, when 未能完成 says less than the reason (没有权限). */
    readonly title?: string,
  ) {
    super(message)
  }
}

/** The environment is wrong; the message is one line that names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Something typed into the local console that it cannot send (an unknown person or chat). */
export class ConsoleInputError extends Error {
  override name = 'ConsoleInputError'
}

/** The database already holds someone's data: the demo never mixes with it. */
export class DemoRefusedError extends Error {
  override name = 'DemoRefusedError'
}

/** The `encrypt` field could not be opened with our Encrypt Key. */
export class DecryptError extends Error {
  override name = 'DecryptError'
}

/** A draft template the office edited wrongly; the message names what to fix. */
export class TemplateError extends Error {
  override name = 'TemplateError'
}

/** A week or month key that does not parse (2026-W48, 2026-11). */
export class PeriodKeyError extends Error {
  override name = 'PeriodKeyError'
}
