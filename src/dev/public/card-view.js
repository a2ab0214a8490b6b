// Renders Lark card JSON 2.0 the way the Lark client shows it, closely enough to judge a card.
// Every text goes in through textContent; markdown goes through marked, then DOMPurify.
;(function () {
  'use strict'

  const LIMITS = { tables: 5, components: 200, bytes: 30 * 1024 }
  const COLOURS = [
    'blue',
    'wathet',
    'turquoise',
    'green',
    'yellow',
    'orange',
    'red',
    'carmine',
    'violet',
    'purple',
    'indigo',
    'grey',
    'default',
  ]

  function el(tag, className, text) {
    const node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }

  const textOf = (t) => (t && typeof t === 'object' ? String(t.content ?? '') : String(t ?? ''))

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  }

  // Lark's own markdown tags become plain spans before the CommonMark renderer sees them.
  function larkMarkdown(content, names) {
    return String(content)
      .replace(/<at\s+(?:id|user_id|open_id)\s*=\s*["']?([\w-]+)["']?\s*>\s*<\/at>/g, (_, id) => {
        const name = id === 'all' ? '所有人' : (names[id] ?? id)
        return `<span class="at">@${escapeHtml(name)}</span>`
      })
      .replace(
        /<font\s+color\s*=\s*["']?([\w-]+)["']?\s*>/g,
        (_, c) => `<span class="font-${COLOURS.includes(c) ? c : 'default'}">`,
      )
      .replace(/<\/font>/g, '</span>')
  }

  function markdown(content, names) {
    const html = window.marked.parse(larkMarkdown(content, names), { breaks: true, gfm: true })
    const node = el('div', 'md')
    node.innerHTML = window.DOMPurify.sanitize(html, {
      ALLOWED_TAGS: [
        'p',
        'br',
        'strong',
        'b',
        'em',
        'i',
        'del',
        's',
        'ul',
        'ol',
        'li',
        'a',
        'span',
        'code',
        'pre',
        'blockquote',
        'h1',
        'h2',
        'h3',
        'h4',
        'hr',
      ],
      ALLOWED_ATTR: ['href', 'class', 'title'],
    })
    node.querySelectorAll('a').forEach((a) => {
      a.target = '_blank'
      a.rel = 'noopener noreferrer'
    })
    return node
  }

  function button(spec, ctx) {
    const type = ['primary', 'danger', 'primary_filled', 'danger_filled', 'laser', 'text'].includes(
      spec.type,
    )
      ? spec.type
      : 'default'
    const node = el('button', `btn btn-${type}`, textOf(spec.text))
    node.type = 'button'
    if (spec.disabled) node.disabled = true
    node.addEventListener('click', async () => {
      if (
        spec.confirm &&
        !(await ctx.confirm(textOf(spec.confirm.title), textOf(spec.confirm.text)))
      )
        return
      const form = node.closest('form')
      const submit = spec.form_action_type === 'submit' || spec.action_type === 'form_submit'
      if (spec.form_action_type === 'reset') return form && form.reset()
      const callback = (spec.behaviors || []).find((b) => b.type === 'callback')
      const link = (spec.behaviors || []).find((b) => b.type === 'open_url')
      if (link) window.open(link.default_url || link.url, '_blank', 'noopener')
      if (!callback && !submit) return
      const value = (callback && callback.value) || spec.value || {}
      ctx.action({ value, tag: 'button', formValue: submit && form ? formValues(form) : undefined })
    })
    return node
  }

  function formValues(form) {
    const values = {}
    form.querySelectorAll('[data-field]').forEach((f) => {
      if (f.value !== '') values[f.dataset.field] = f.value
    })
    return values
  }

  function field(spec, kind) {
    const wrap = el('label', 'field')
    if (spec.label) wrap.append(el('span', 'field-label', textOf(spec.label)))
    let input
    if (kind === 'select') {
      input = el('select')
      const placeholder = el('option', '', textOf(spec.placeholder) || '请选择')
      placeholder.value = ''
      input.append(placeholder)
      for (const o of spec.options || []) {
        const option = el('option', '', textOf(o.text))
        option.value = o.value
        input.append(option)
      }
      input.value = spec.initial_option ?? ''
    } else {
      input = el(spec.input_type === 'multiline_text' ? 'textarea' : 'input')
      if (kind === 'date') input.type = 'date'
      input.placeholder = textOf(spec.placeholder)
      input.value = kind === 'date' ? (spec.initial_date ?? '') : (spec.default_value ?? '')
    }
    input.dataset.field = spec.name || ''
    if (spec.required) input.required = true
    wrap.append(input)
    return wrap
  }

  function table(spec) {
    const wrap = el('div', 'table-wrap')
    const t = el('table', 'card-table')
    const head = el('tr')
    const columns = spec.columns || []
    for (const c of columns)
      head.append(el('th', `align-${c.horizontal_align || 'left'}`, c.display_name ?? c.name))
    t.append(head)
    for (const row of spec.rows || []) {
      const tr = el('tr')
      for (const c of columns)
        tr.append(el('td', `align-${c.horizontal_align || 'left'}`, cellText(row[c.name])))
      t.append(tr)
    }
    wrap.append(t)
    return wrap
  }

  const cellText = (v) =>
    Array.isArray(v) ? v.map((o) => textOf(o.text ?? o)).join('、') : textOf(v)

  function columnSet(spec, ctx) {
    const row = el('div', `columns columns-${spec.flex_mode || 'none'}`)
    for (const column of spec.columns || []) {
      const col = el('div', 'column')
      if (column.width === 'weighted') col.style.flex = String(Number(column.weight) || 1)
      else if (column.width === 'auto') col.style.flex = '0 0 auto'
      col.append(...(column.elements || []).map((e) => element(e, ctx)))
      row.append(col)
    }
    return row
  }

  // Lark's chart component draws chart_spec with VChart, and so does the console: at the
  // element's aspect ratio (Lark's PC default 16:9), or its fixed height in px.
  const RATIOS = { '1:1': '1 / 1', '2:1': '2 / 1', '4:3': '4 / 3', '16:9': '16 / 9' }
  const charts = new Set()

  function chart(spec) {
    const box = el('div', 'chart')
    if (/^\d+px$/.test(spec.height || '')) box.style.height = spec.height
    else box.style.aspectRatio = RATIOS[spec.aspect_ratio] || RATIOS['16:9']
    // VChart takes its size from the box, which has one only once the card is on the page.
    // Without animation the chart is whole at once: the picture Lark ends on, and a screenshot.
    requestAnimationFrame(() => {
      releaseDetached()
      if (!box.isConnected) return
      try {
        const options = { dom: box, animation: false }
        const drawn = new window.VChart.default(structuredClone(spec.chart_spec), options)
        drawn.renderSync()
        charts.add({ box, drawn })
      } catch (err) {
        box.replaceWith(el('div', 'warning', `图表画不出来：${err.message}`))
      }
    })
    return box
  }

  // A refresh replaces the timeline: charts of cards no longer shown let go of their canvas.
  function releaseDetached() {
    for (const c of charts) {
      if (c.box.isConnected) continue
      c.drawn.release()
      charts.delete(c)
    }
  }

  const RENDER = {
    markdown: (s, ctx) => markdown(s.content, ctx.names),
    plain_text: (s) => el('div', 'plain', textOf(s)),
    div: (s, ctx) =>
      s.text && s.text.tag === 'lark_md'
        ? markdown(s.text.content, ctx.names)
        : el('div', 'plain', textOf(s.text)),
    hr: () => el('hr', 'card-hr'),
    button,
    column_set: columnSet,
    table,
    chart,
    input: (s) => field(s, 'input'),
    select_static: (s) => field(s, 'select'),
    date_picker: (s) => field(s, 'date'),
    form: (s, ctx) => {
      const form = el('form', 'card-form')
      form.addEventListener('submit', (e) => e.preventDefault())
      form.append(...(s.elements || []).map((e) => element(e, ctx)))
      return form
    },
    collapsible_panel: (s, ctx) => {
      const d = el('details', 'panel-collapse')
      d.append(el('summary', '', textOf(s.header && s.header.title)))
      d.append(...(s.elements || []).map((e) => element(e, ctx)))
      return d
    },
  }

  function element(spec, ctx) {
    const render = spec && RENDER[spec.tag]
    if (!render) return el('div', 'unsupported', `[本对话台不支持的组件：${spec && spec.tag}]`)
    const node = render(spec, ctx)
    if (spec.margin) node.style.margin = String(spec.margin)
    return node
  }

  function header(h) {
    const colour = COLOURS.includes(h.template) ? h.template : 'default'
    const node = el('div', `card-header header-${colour}`)
    node.append(el('div', 'card-title', textOf(h.title)))
    if (h.subtitle) node.append(el('div', 'card-subtitle', textOf(h.subtitle)))
    return node
  }

  /** Which of Lark's limits a card breaks, as sentences. */
  function limits(card) {
    let tables = 0
    let components = 0
    const walk = (node) => {
      if (Array.isArray(node)) return node.forEach(walk)
      if (!node || typeof node !== 'object') return
      if (typeof node.tag === 'string' && !['plain_text', 'lark_md'].includes(node.tag)) {
        components++
        if (node.tag === 'table') tables++
      }
      Object.values(node).forEach(walk)
    }
    walk(card.body)
    const bytes = new TextEncoder().encode(JSON.stringify(card)).length
    const broken = []
    if (tables > LIMITS.tables) broken.push(`表格 ${tables} 个，超过飞书上限 ${LIMITS.tables} 个`)
    if (components > LIMITS.components)
      broken.push(`组件 ${components} 个，超过飞书上限 ${LIMITS.components} 个`)
    if (bytes > LIMITS.bytes)
      broken.push(`卡片 ${(bytes / 1024).toFixed(1)} KB，超过飞书上限 30 KB`)
    return { tables, components, bytes, broken }
  }

  function render(card, ctx) {
    const node = el('div', 'card')
    if (card.schema !== '2.0')
      node.append(el('div', 'warning', '不是卡片 JSON 2.0（schema 应为 "2.0"）'))
    if (card.header) node.append(header(card.header))
    const body = el('div', 'card-body')
    body.append(...((card.body && card.body.elements) || []).map((e) => element(e, ctx)))
    node.append(body)
    return node
  }

  window.CardView = { render, limits }
})()
