/**
 * Card JSON 2.0 builders (https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-structure).
 * Pure data: the Lark adapter stringifies once.
 */
export type Element = Record<string, unknown>
export type Colour =
  'blue' | 'green' | 'red' | 'orange' | 'grey' | 'turquoise' | 'purple' | 'wathet'

export type Card = {
  schema: '2.0'
  config: { update_multi: true }
  header?: {
    title: { tag: 'plain_text'; content: string }
    subtitle?: { tag: 'plain_text'; content: string }
    template: Colour
  }
  body: { elements: Element[] }
}

export function card(opts: {
  title: string
  subtitle?: string
  colour?: Colour
  elements: Element[]
}): Card {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: {
      title: { tag: 'plain_text', content: opts.title },
      ...(opts.subtitle
        ? { subtitle: { tag: 'plain_text' as const, content: opts.subtitle } }
        : {}),
      template: opts.colour ?? 'blue',
    },
    body: { elements: opts.elements },
  }
}

export const md = (content: string): Element => ({ tag: 'markdown', content })
export const hr = (): Element => ({ tag: 'hr' })

export function button(opts: {
  text: string
  value: Record<string, unknown>
  type?: 'primary' | 'default' | 'danger'
  size?: 'small' | 'medium'
  confirm?: { title: string; text: string }
}): Element {
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: opts.text },
    type: opts.type ?? 'default',
    ...(opts.size ? { size: opts.size } : {}),
    behaviors: [{ type: 'callback', value: opts.value }],
    ...(opts.confirm
      ? {
          confirm: {
            title: { tag: 'plain_text', content: opts.confirm.title },
            text: { tag: 'plain_text', content: opts.confirm.text },
          },
        }
      : {}),
  }
}

/**
 * A folded section (collapsible_panel): its title shows, its elements open on a tap. It may not
 * hold a form. https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/containers/collapsible-panel
 */
export function panel(title: string, elements: Element[]): Element {
  return {
    tag: 'collapsible_panel',
    expanded: false,
    header: {
      title: { tag: 'plain_text', content: title },
      icon: { tag: 'standard_icon', token: 'down-small-ccm_outlined', size: '16px 16px' },
      icon_position: 'right',
      icon_expanded_angle: -180,
    },
    border: { color: 'grey', corner_radius: '5px' },
    vertical_spacing: '8px',
    padding: '4px 8px 4px 8px',
    elements,
  }
}

/** Buttons side by side. */
export function buttons(...items: Element[]): Element {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    columns: items.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  }
}

export function table(opts: {
  columns: Array<{ name: string; label: string; align?: 'left' | 'right' }>
  rows: Array<Record<string, string | number>>
}): Element {
  return {
    tag: 'table',
    page_size: Math.min(Math.max(opts.rows.length, 1), 10),
    row_height: 'low',
    header_style: { bold: true, background_style: 'grey' },
    columns: opts.columns.map((c) => ({
      name: c.name,
      display_name: c.label,
      data_type: 'text',
      horizontal_align: c.align ?? 'left',
    })),
    rows: opts.rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])),
    ),
  }
}

const MD_SPECIAL = /[\\`*_~[\]()<>#|&]/g

/**
 * User text inside card markdown: escaped so a unit called `<at id=all></at>` mentions nobody
 * and `**` stays literal. Lark's rich-text component takes special characters as numeric HTML
 * entities (特殊字符转义说明: "转义后的格式为 `&#实体编号;`").
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/content-components/rich-text
 */
export function esc(text: string): string {
  return text.replace(MD_SPECIAL, (ch) => `&#${ch.charCodeAt(0)};`)
}

export const mention = (openId: string) => `<at id=${openId}></at>`

/** Text cut to `max` characters, with … when it was longer. */
export const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}…` : text
