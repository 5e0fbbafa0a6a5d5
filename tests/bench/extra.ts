import { matcherBenchmark } from './match-bench.js'

/** Benchmarks of later features register here (each returns a markdown section). */
export async function extraBenchmarks(): Promise<string[]> {
  return [await matcherBenchmark()]
}
