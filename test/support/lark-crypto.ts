// Lark's side of a delivery lives with the verifier, so the local console signs the same way.
export { encryptEvent, signedRequest, type SignedRequestOptions } from '../../src/lark/crypto'
