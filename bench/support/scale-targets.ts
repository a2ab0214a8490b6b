/**
 * The targets on 104 weeks × 300 units (issue 15's; issue 23 tightened the median and the
 * export's memory), and the percentile they are judged by.
 */
export const TARGETS = {
  chatMedianMs: 100,
  chatP99Ms: 300,
  digestMs: 1000,
  exportMs: 5000,
  exportRssMb: 250,
  stallMs: 1000,
  sweepMs: 5,
}

export const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}
