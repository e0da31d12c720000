/** The part of autocannon's API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  interface Options {
    readonly url: string;
    readonly headers?: Record<string, string>;
    /** Requests sent in turn on each connection (default: one GET of `url`). */
    readonly requests?: readonly { readonly method?: string; readonly body?: string }[];
    readonly connections?: number;
    readonly duration?: number;
  }
  interface Histogram {
    readonly p50: number;
    readonly p99: number;
    readonly average: number;
  }
  interface Result {
    readonly latency: Histogram;
    readonly requests: Histogram;
    readonly errors: number;
    readonly non2xx: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
