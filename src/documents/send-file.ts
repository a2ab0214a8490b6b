import { UsageError } from '../errors'
import { errorCard } from '../../templates/help-card'
import type { Deps } from '../deps'
import { LARK_FILE_MAX_BYTES } from '../lark/outbound'

export type OutgoingFile = { name: string; bytes: Uint8Array }

/** A uuid for a command's n-th follow-up send, stable across retries (≤ 50 chars). */
export const followUpUuid = (tag: string, messageId: string) => `${tag}-${messageId}`.slice(0, 50)

/** Lark takes im files up to 30 MB: a bigger one is a clear message, before anything is sent. */
export function assertSendable(file: OutgoingFile, hint: string) {
  if (file.bytes.length <= LARK_FILE_MAX_BYTES) return
  const mb = (file.bytes.length / 1024 / 1024).toFixed(1)
  throw new UsageError(`文件「${file.name}」有 ${mb} MB，超过飞书 30 MB 的上限，没有发送。`, hint)
}

/** Uploads the file and posts it into the chat; a failed upload is said in the chat, not lost. */
export async function sendFileToChat(deps: Deps, chatId: string, file: OutgoingFile, uuid: string) {
  const to = { type: 'chat_id' as const, id: chatId }
  const fileKey = await deps.lark.uploadFile(file.name, file.bytes)
  if (fileKey) return deps.lark.sendFile(to, fileKey, uuid)
  const card = errorCard(
    `文件「${file.name}」上传到飞书失败。`,
    '请稍后再发一次同样的命令。',
    '文件没有发出',
  )
  return deps.lark.send(to, card, followUpUuid('x', uuid))
}
