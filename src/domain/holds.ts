/**
 * When a report is held back instead of counted. The office complained that 上报的材料把关
 * 不严: a report sent twice was summed twice, and a figure typed with an extra digit went
 * straight into the district's totals.
 */

export type Item = { indicator: string; amount: number }

/** An amount this many times the unit's usual figure, and above the floor, is implausible. */
export const OUTLIER_FACTOR = 5
export const OUTLIER_FLOOR = 10

export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export type Outlier = Item & { usual: number }

/**
 * The items far above the unit's own history for that indicator: more than OUTLIER_FACTOR
 * times its median over the weeks it reported, and above OUTLIER_FLOOR. An indicator the unit
 * never reported has no history to judge by.
 */
export function outliers(items: readonly Item[], history: ReadonlyMap<string, number[]>) {
  const found: Outlier[] = []
  for (const item of items) {
    const weeks = history.get(item.indicator)
    if (!weeks || weeks.length === 0) continue
    const usual = median(weeks)
    if (item.amount > OUTLIER_FLOOR && item.amount > OUTLIER_FACTOR * usual) {
      found.push({ ...item, usual })
    }
  }
  return found
}

/** A stock reported below its level before: perhaps this week's new ones, not the total. */
export type Drop = Item & { before: number }

/**
 * The stock items lower than the unit's level before them. A liaison who types the week's new
 * 示范岗 instead of how many the unit has would silently lower its level, so the report waits
 * for a confirmation that the figure is the total.
 */
export function stockDrops(
  items: readonly Item[],
  levels: ReadonlyMap<string, number>,
  isStock: (indicator: string) => boolean,
): Drop[] {
  return items.flatMap((item) => {
    const before = levels.get(item.indicator)
    return isStock(item.indicator) && before !== undefined && item.amount < before
      ? [{ ...item, before }]
      : []
  })
}
