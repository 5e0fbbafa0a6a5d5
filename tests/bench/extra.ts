import { matcherBenchmark } from './match-bench.js'
import { reviewBenchmark } from './review-bench.js'

/** Benchmarks of later features register here (each returns a markdown section). */
export async function extraBenchmarks(): Promise<string[]> {
  return [await matcherBenchmark(), await reviewBenchmark()]
}
