export interface Logger {
  info(line: string): void
  warn(line: string): void
  error(line: string, err?: unknown): void
}

export const consoleLogger: Logger = {
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line, err) => console.error(line, err ?? ''),
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
