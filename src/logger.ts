/** Structured logs: one JSON object per line on stdout (stderr for warnings and errors). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export function createLogger(level: LogLevel, write: (line: string, isError: boolean) => void = defaultWrite): Logger {
  const log = (at: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields) => {
    if (ORDER[at] < ORDER[level]) return
    const entry = { time: new Date().toISOString(), level: at, msg, ...fields }
    write(JSON.stringify(entry, errorReplacer), ORDER[at] >= ORDER.warn)
  }
  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
  }
}

function defaultWrite(line: string, isError: boolean): void {
  ;(isError ? process.stderr : process.stdout).write(`${line}\n`)
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack }
  return value
}
