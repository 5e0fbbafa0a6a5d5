import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))

export type Child = ChildProcessByStdio<null, Readable, Readable>

/** Runs a TypeScript script in a plain node process (no tsx wrapper process, so SIGKILL reaches it). */
export function spawnScript(script: string, args: string[]): Child {
  const path = fileURLToPath(new URL(script, import.meta.url))
  return spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Calls `onLine` for each stdout line; resolves with the exit code and stderr once the process is gone. */
export function watchChild(
  child: Child,
  onLine: (line: string) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const lines = createInterface({ input: child.stdout })
  lines.on('line', onLine)
  const closed = new Promise<void>((resolve) => lines.once('close', () => resolve()))
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      // Lines still in the pipe were printed before the process died: read them all.
      void closed.then(() => resolve({ code, signal, stderr }))
    })
  })
}

export async function runScript(script: string, args: string[]): Promise<string[]> {
  const lines: string[] = []
  const { code, stderr } = await watchChild(spawnScript(script, args), (line) => lines.push(line))
  if (code !== 0) throw new Error(`${script} exited with ${code}: ${stderr}`)
  return lines
}
