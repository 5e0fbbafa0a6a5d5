/**
 * The first `k` of `slots` in ranking order (higher `scores[slot]` first, ties by lower
 * `tieRank[slot]`), without sorting every hit: a bounded heap keeps the best `k` seen so far, so a
 * page of 20 out of 40,000 hits costs one pass plus a few comparisons per hit.
 */
export function topByScore(slots: ArrayLike<number>, scores: Float64Array, tieRank: Int32Array, k: number): number[] {
  const n = slots.length
  const before = (a: number, b: number) =>
    scores[a]! > scores[b]! || (scores[a] === scores[b] && tieRank[a]! < tieRank[b]!)
  const byRanking = (a: number, b: number) => (before(a, b) ? -1 : before(b, a) ? 1 : 0)
  if (k <= 0 || n === 0) return []
  if (k * 4 >= n) return Array.from(slots).sort(byRanking).slice(0, k)

  // Heap whose root is the worst of the kept slots (every parent ranks after its children).
  const heap: number[] = []
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!
    if (heap.length < k) {
      let child = heap.length
      heap.push(slot)
      while (child > 0) {
        const parent = (child - 1) >> 1
        if (!before(heap[parent]!, slot)) break
        heap[child] = heap[parent]!
        child = parent
      }
      heap[child] = slot
    } else if (before(slot, heap[0]!)) {
      let parent = 0
      for (;;) {
        let worst = 2 * parent + 1
        if (worst >= k) break
        if (worst + 1 < k && before(heap[worst]!, heap[worst + 1]!)) worst++
        if (!before(slot, heap[worst]!)) break
        heap[parent] = heap[worst]!
        parent = worst
      }
      heap[parent] = slot
    }
  }
  return heap.sort(byRanking)
}
