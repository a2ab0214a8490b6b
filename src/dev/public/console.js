// The console page: pick who you are and which chat, type, and read what Lark would show.
;(function () {
  'use strict'

  const $ = (id) => document.getElementById(id)
  const ROLE_NAMES = { admin: '管理员', leader: '领导', liaison: '联络员', stranger: '未绑定' }
  const JOB_NAMES = {
    digest: '发送周报',
    remind: '催报提醒',
    overdue: '逾期提醒',
    sweep: '补处理消息',
  }
  const state = { roster: [], groups: [], me: null, chat: null, names: {}, shown: '' }

  function el(tag, className, text) {
    const node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }

  // Next to a real Lark app the console needs the key its link (?key=…) carries.
  const key = new URLSearchParams(location.search).get('key')
  const keyHeader = key ? { 'x-console-key': key } : {}

  async function api(path, body) {
    const res = await fetch(
      `/dev/api/${path}`,
      body === undefined
        ? { headers: keyHeader }
        : {
            method: 'POST',
            headers: { ...keyHeader, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          },
    )
    if (res.status === 401) throw new Error(await res.text())
    const data = await res.json().catch(() => ({}))
    if (!res.ok) throw new Error(data.error || `请求失败（${res.status}）`)
    return data
  }

  function toast(type, text) {
    const node = $('toast')
    node.textContent = text
    node.className = `toast toast-${type}`
    node.hidden = false
    clearTimeout(toast.timer)
    toast.timer = setTimeout(() => (node.hidden = true), 4000)
  }

  function confirmDialog(title, text) {
    $('dialog-title').textContent = title
    $('dialog-text').textContent = text
    $('dialog').hidden = false
    return new Promise((resolve) => {
      const done = (ok) => () => {
        $('dialog').hidden = true
        resolve(ok)
      }
      $('dialog-ok').onclick = done(true)
      $('dialog-cancel').onclick = done(false)
    })
  }

  async function loadState() {
    const s = await api('state')
    state.roster = s.roster
    state.groups = s.groups
    state.names = Object.fromEntries(s.roster.map((r) => [r.openId, r.name]))
    $('demo').hidden = !s.empty
    fillRoster()
    fillJobs(s.jobs)
  }

  function fillRoster() {
    const select = $('who')
    const keep = state.me && state.me.openId
    select.replaceChildren()
    for (const role of ['admin', 'leader', 'liaison', 'stranger']) {
      const people = state.roster.filter((r) => r.role === role)
      if (people.length === 0) continue
      const group = el('optgroup')
      group.label = ROLE_NAMES[role]
      for (const p of people) {
        const option = el('option', '', p.unit ? `${p.name}（${p.unit}）` : p.name)
        option.value = p.openId
        group.append(option)
      }
      select.append(group)
    }
    select.value = keep && state.names[keep] ? keep : state.roster[0].openId
    pickMe(select.value)
  }

  function pickMe(openId) {
    state.me = state.roster.find((r) => r.openId === openId)
    const me = state.me
    $('who-note').textContent =
      `${ROLE_NAMES[me.role]}${me.unit ? ' · ' + me.unit : ''} · ${me.openId}`
    const chats = [
      ...state.groups,
      { id: `oc_console_p2p_${me.openId}`, name: '与机器人私聊', type: 'p2p' },
    ]
    const nav = $('chats')
    nav.replaceChildren()
    for (const chat of chats) {
      const b = el('button', 'chat-link', chat.name)
      b.type = 'button'
      b.dataset.chat = chat.id
      b.onclick = () => openChat(chat)
      nav.append(b)
    }
    const same = state.chat && chats.find((c) => c.id === state.chat.id)
    openChat(same || chats[0])
  }

  function fillJobs(jobs) {
    const box = $('jobs')
    box.replaceChildren()
    for (const name of jobs) {
      const b = el('button', '', `立即运行：${JOB_NAMES[name] || name}`)
      b.type = 'button'
      b.dataset.job = name
      b.onclick = () => runJob(name)
      box.append(b)
    }
  }

  async function runJob(name) {
    try {
      const r = await api(`jobs/${name}`, {})
      $('job-result').textContent = r.summary
      await refresh()
    } catch (err) {
      toast('error', err.message)
    }
  }

  function openChat(chat) {
    state.chat = chat
    state.shown = ''
    document
      .querySelectorAll('.chat-link')
      .forEach((b) => b.classList.toggle('active', b.dataset.chat === chat.id))
    $('chat-title').textContent =
      chat.type === 'p2p' ? `${state.me.name} 与机器人的私聊` : chat.name
    refresh()
  }

  async function refresh() {
    const chat = encodeURIComponent(state.chat.id)
    const entries = await api(`chats/${chat}?as=${encodeURIComponent(state.me.openId)}`)
    const key = JSON.stringify(entries)
    if (key === state.shown) return
    state.shown = key
    const list = $('timeline')
    list.replaceChildren(...entries.map(entry))
    list.scrollTop = list.scrollHeight
  }

  function entry(e) {
    const li = el('li', e.kind === 'user' ? 'msg msg-user' : 'msg msg-bot')
    const who = e.kind === 'user' ? state.names[e.sender] || e.sender : '统计机器人'
    li.append(
      el(
        'div',
        'msg-meta',
        `${who} · ${new Date(e.at).toLocaleTimeString('zh-CN')}${e.updated ? ' · 已更新' : ''}${e.only ? ' · 仅对你可见' : ''}`,
      ),
    )
    if (e.kind === 'file') {
      const link = el('a', 'bubble file-link', `📎 ${e.name}`)
      link.href = `/dev/api/files/${encodeURIComponent(e.key)}${key ? `?key=${encodeURIComponent(key)}` : ''}`
      link.download = e.name
      li.append(link)
      return li
    }
    if (e.kind === 'user') {
      li.append(el('div', 'bubble', e.text))
      if (e.sender === state.me.openId) li.classList.add('mine')
      return li
    }
    li.dataset.item = e.item
    const ctx = { names: state.names, confirm: confirmDialog, action: (a) => click(e.item, a) }
    li.append(window.CardView.render(e.card, ctx), rawToggle(e.card))
    return li
  }

  function rawToggle(card) {
    const box = el('div', 'raw')
    const check = window.CardView.limits(card)
    const b = el('button', 'raw-toggle', check.broken.length ? '原始 JSON ⚠' : '原始 JSON')
    b.type = 'button'
    const pre = el('pre', 'raw-json', JSON.stringify(card, null, 2))
    const info = el(
      'div',
      check.broken.length ? 'warning' : 'hint',
      check.broken.length
        ? check.broken.join('；')
        : `表格 ${check.tables} · 组件 ${check.components} · ${(check.bytes / 1024).toFixed(1)} KB，在飞书上限内`,
    )
    pre.hidden = info.hidden = true
    b.onclick = () => (pre.hidden = info.hidden = !pre.hidden)
    box.append(b, info, pre)
    return box
  }

  async function click(item, action) {
    try {
      const r = await api('click', { as: state.me.openId, item, ...action })
      if (r.toast) toast(r.toast.type, r.toast.content)
      await refresh()
    } catch (err) {
      toast('error', err.message)
    }
  }

  $('composer').addEventListener('submit', async (e) => {
    e.preventDefault()
    const text = $('text').value
    if (!text.trim()) return
    $('text').value = ''
    try {
      await api('say', { as: state.me.openId, chat: state.chat.id, text })
    } catch (err) {
      toast('error', err.message)
    }
    await refresh()
  })

  $('who').addEventListener('change', (e) => pickMe(e.target.value))
  $('demo-button').addEventListener('click', async () => {
    try {
      const r = await api('demo', {})
      toast(
        'success',
        `已填入演示数据：${r.summary.units} 个单位、${r.summary.people} 人、${r.summary.reports} 条上报`,
      )
      await loadState()
    } catch (err) {
      toast('error', err.message)
    }
  })

  loadState().then(() => setInterval(refresh, 2000))
})()
