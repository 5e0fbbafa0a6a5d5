import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface ServerProcess {
  child: ChildProcessByStdio<null, Readable, Readable>
  /** Every line printed so far, stdout and stderr. */
  lines: string[]
  /** Resolves with the first line containing `text` (rejects if the process exits first). */
  waitFor(text: string): Promise<string>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Runs `command args` (the real server by default) with the environment given, collecting its log lines. */
export function runServer(
  env: Record<string, string>,
  command: string = process.execPath,
  args: string[] = ['--import', 'tsx', 'src/main.ts'],
): ServerProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const waiters: Array<{ text: string; resolve: (line: string) => void; reject: (error: Error) => void }> = []
  const onLine = (line: string) => {
    lines.push(line)
    for (const waiter of [...waiters]) {
      if (line.includes(waiter.text)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(line)
      }
    }
  }
  createInterface({ input: child.stdout }).on('line', onLine)
  createInterface({ input: child.stderr }).on('line', onLine)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      // Lines still in the pipes were printed before the exit.
      setImmediate(() => {
        for (const waiter of waiters.splice(0))
          waiter.reject(new Error(`exited (${code ?? signal}) before printing "${waiter.text}":\n${lines.join('\n')}`))
        resolve({ code, signal })
      })
    }),
  )
  return {
    child,
    lines,
    exited,
    waitFor: (text) => {
      const seen = lines.find((line) => line.includes(text))
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => waiters.push({ text, resolve, reject }))
    },
  }
}

/** Log lines that are JSON objects. */
export function jsonLines(lines: string[]): Array<Record<string, unknown>> {
  return lines.flatMap((line) => {
    try {
      const value: unknown = JSON.parse(line)
      return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : []
    } catch {
      return []
    }
  })
}
