import { AsyncLocalStorage } from 'node:async_hooks'
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino'

/**
 * Structured logs: one JSON object per line on stdout, written by pino (docs/adr/028). Every line
 * written while a request is handled carries its `reqId`: src/http/request-log.ts runs the request
 * inside `withRequestContext`, and lines go to that request's child logger.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  /** True when lines at this level are written (to skip building costly detail). */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean
  /** The pino logger underneath (pino-http writes the request lines with it). */
  readonly pino: PinoLogger
}

export interface RequestContext {
  reqId: string
  /** The request's pino logger (pino-http's child logger, which carries `reqId`). */
  log: PinoLogger
}

const requestContext = new AsyncLocalStorage<RequestContext>()

/** Runs `fn` with `context` attached to every log line written meanwhile, across awaits. */
export function withRequestContext<R>(context: RequestContext, fn: () => R): R {
  return requestContext.run(context, fn)
}

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.reqId
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    // Errors passed as `error` (our convention) or `err` (pino's) are written with name, message and stack.
    serializers: { error: pino.stdSerializers.err, err: pino.stdSerializers.err },
  }
  const base = destination ? pino(options, destination) : pino(options)
  const log = (at: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: LogFields) => {
    const target = requestContext.getStore()?.log ?? base
    if (fields === undefined) target[at](msg)
    else target[at](fields, msg)
  }
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    enabled: (at) => base.isLevelEnabled(at),
    pino: base,
  }
}

/** Collects log lines as parsed objects (tests). */
export function memoryLogDestination(): DestinationStream & { lines: Record<string, unknown>[]; raw: string[] } {
  const lines: Record<string, unknown>[] = []
  const raw: string[] = []
  return {
    lines,
    raw,
    write(line: string) {
      raw.push(line)
      lines.push(JSON.parse(line) as Record<string, unknown>)
    },
  }
}
