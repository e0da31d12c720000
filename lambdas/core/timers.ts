/**
 * Timed transitions of the simulation: "reconcile this key with that controller at time T".
 * Nothing runs between requests, so time-driven behaviour (an image pull finishing, a node's
 * grace period running out, a back-off ending) is a timer stored with the cluster and fired,
 * in time order, when a request brings the cluster up to the present.
 */

/** One pending timer. `seq` orders timers due at the same moment by when they were set. */
export interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly controller: string;
  readonly key: string;
}

/** The stored form: a binary min-heap on (at, seq), and the next sequence number. */
export interface TimerData {
  heap: Timer[];
  nextSeq: number;
}

/** A min-heap of timers over the snapshot's stored array. */
export class Timers {
  constructor(private readonly data: TimerData) {}

  /** Number of pending timers. */
  get size(): number {
    return this.data.heap.length;
  }

  /** Sets a timer. Duplicates are harmless: reconciles are idempotent. */
  add(at: number, controller: string, key: string): void {
    const heap = this.data.heap;
    heap.push({ at, seq: this.data.nextSeq++, controller, key });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Timer, heap[parent] as Timer)) break;
      swap(heap, i, parent);
      i = parent;
    }
  }

  /** The earliest timer, without removing it. */
  peek(): Timer | undefined {
    return this.data.heap[0];
  }

  /** Removes and returns the earliest timer. */
  pop(): Timer | undefined {
    const heap = this.data.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left] as Timer, heap[smallest] as Timer)) smallest = left;
        if (right < heap.length && before(heap[right] as Timer, heap[smallest] as Timer)) smallest = right;
        if (smallest === i) break;
        swap(heap, i, smallest);
        i = smallest;
      }
    }
    return top;
  }

  /** All pending timers in firing order (for inspection and tests). */
  pending(): Timer[] {
    return [...this.data.heap].sort((a, b) => (before(a, b) ? -1 : 1));
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

function swap(heap: Timer[], i: number, j: number): void {
  const t = heap[i] as Timer;
  heap[i] = heap[j] as Timer;
  heap[j] = t;
}
