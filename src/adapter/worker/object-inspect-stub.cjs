/**
 * Stands in for `object-inspect` in the Worker bundle (wrangler.toml [alias]). It comes in
 * through qs (the Lark SDK's query strings) -> side-channel, which uses it only to print the
 * missing key when `assert` fails, and qs never calls `assert`; were it called, the error would
 * name the key's type instead. CommonJS, as side-channel calls what `require` returns.
 */
module.exports = function inspect(value) {
  return typeof value
}
