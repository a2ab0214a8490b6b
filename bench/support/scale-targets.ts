/** The targets on 104 weeks × 300 units, and the percentile they are judged by. */
export const TARGETS = {
  chatMedianMs: 150,
  chatP99Ms: 300,
  digestMs: 1000,
  exportMs: 5000,
  exportRssMb: 300,
  stallMs: 1000,
  sweepMs: 5,
}

export const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}
