import * as lark from '@larksuiteoapi/node-sdk'

type Options = lark.HttpRequestOptions<unknown>

/**
 * The SDK's own axios instance, whose interceptors unwrap Lark's answer, with a timeout on
 * every request, so a Lark that never answers costs one timeout instead of a reply that waits
 * for ever. The instance is shared by every SDK client in the process, so it is wrapped, not
 * changed. The SDK calls only `request`; the other methods complete its HttpInstance type.
 */
export function timedHttp(timeoutMs: number): lark.HttpInstance {
  // `any` as in the SDK's own HttpInstance: its interceptor returns the body, not a response.
  const request = (opts: Options): Promise<any> =>
    lark.defaultHttpInstance.request({ ...opts, timeout: timeoutMs })
  const bodiless = (method: string) => (url: string, opts?: Options) =>
    request({ ...opts, method, url })
  const withBody = (method: string) => (url: string, data?: unknown, opts?: Options) =>
    request({ ...opts, method, url, data })
  return {
    request,
    get: bodiless('get'),
    delete: bodiless('delete'),
    head: bodiless('head'),
    options: bodiless('options'),
    post: withBody('post'),
    put: withBody('put'),
    patch: withBody('patch'),
  }
}
