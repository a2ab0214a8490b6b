/**
 * Stands in for `lodash.merge` in the Worker bundle (wrangler.toml [alias]). The Lark SDK calls
 * it only in `withAll`, which folds several request options into one; the bot passes its
 * options directly and never calls it.
 */
export default function merge(): never {
  throw new Error(
    "lodash.merge is left out of the Worker bundle (wrangler.toml [alias]): the Lark SDK's withAll is not used",
  )
}
