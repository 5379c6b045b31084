export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: number[]): Summary {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => (v.length ? v[Math.min(v.length - 1, Math.floor(q * v.length))]! : NaN);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    n: v.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(v.length ? v[v.length - 1]! : NaN),
    mean: round(v.reduce((a, b) => a + b, 0) / (v.length || 1)),
  };
}
