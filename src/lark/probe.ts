import * as lark from '@larksuiteoapi/node-sdk'
import { timedHttp } from './http'

/** Lark's answer to one call as it came: code 0 is success; -1 is no answer at all. */
export type Answer = { code: number; msg: string; [field: string]: unknown }

export type ProbeOptions = { appId: string; appSecret: string; domain: string; timeoutMs?: number }

type HttpFailure = { message?: string; response?: { status?: number; data?: Partial<Answer> } }

/**
 * The read-only calls `npm run doctor` makes, each answering with Lark's code and message
 * rather than a verdict, so the doctor can say which console page fixes what. The token is
 * fetched once, by hand, so a refused secret is seen as itself and not as a failed call.
 */
export function createLarkProbe(opts: ProbeOptions) {
  const http = timedHttp(opts.timeoutMs ?? 10_000)
  const client = new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    httpInstance: http,
    disableTokenCache: true,
    logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} },
  })
  let token = ''
  const call = (payload: lark.HttpRequestOptions<unknown> & { method: string; url: string }) =>
    client.request<Answer>(payload, lark.withTenantToken(token)).then(normal, failed)
  return {
    /** https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal */
    async token(): Promise<Answer> {
      const answer = await http
        .post(`${opts.domain}/open-apis/auth/v3/tenant_access_token/internal`, {
          app_id: opts.appId,
          app_secret: opts.appSecret,
        })
        .then(normal, failed)
      token = typeof answer.tenant_access_token === 'string' ? answer.tenant_access_token : ''
      return answer
    },
    /** https://open.feishu.cn/document/client-docs/bot-v3/obtain-bot-info: `bot` beside code. */
    botInfo: () => call({ method: 'GET', url: '/open-apis/bot/v3/info' }),
    /** https://open.feishu.cn/document/server-docs/group/chat-member/is_in_chat */
    isInChat: (chatId: string) =>
      call({
        method: 'GET',
        url: `/open-apis/im/v1/chats/${encodeURIComponent(chatId)}/members/is_in_chat`,
      }),
    /**
     * A private text: Lark has no read that tells whether the bot may write to someone
     * (230013, outside 可用范围), so the doctor learns it by writing.
     * https://open.feishu.cn/document/server-docs/im-v1/message/create
     */
    sendText: (openId: string, text: string) =>
      call({
        method: 'POST',
        url: '/open-apis/im/v1/messages',
        params: { receive_id_type: 'open_id' },
        data: { receive_id: openId, msg_type: 'text', content: JSON.stringify({ text }) },
      }),
  }
}

const normal = (body: unknown): Answer => {
  const b = (body ?? {}) as Partial<Answer>
  return { ...b, code: b.code ?? 0, msg: b.msg ?? '' }
}

/** An HTTP error still carries Lark's code in its body; no body means Lark never answered. */
const failed = (err: unknown): Answer => {
  const res = (err as HttpFailure).response
  if (res?.data?.code !== undefined) return normal(res.data)
  const status = res?.status ? `HTTP ${res.status}` : ((err as HttpFailure).message ?? String(err))
  return { code: -1, msg: status }
}
