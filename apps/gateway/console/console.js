/*
 * The regulator console: a named person signs in (POST /v1/staff-sessions) and reads the /v1 API with the
 * session token, like any client: statistics as ECharts charts, risk warnings, credit lists, a document's
 * receipts. Chinese by default, English on a switch. Every empty or failed answer is shown as a message, never
 * as a blank chart. The token lives in this tab's sessionStorage only; nothing personal is shown beyond what the
 * API answers for the person's scopes (masked without personal-data:read).
 */
(function () {
  'use strict';

  var TEXT = {
    zh: {
      brand: '单一窗口 · 监管控制台',
      'tab.stats': '统计',
      'tab.risk': '风险预警',
      'tab.credit': '信用名单',
      'tab.b2b': 'B2B 核验',
      'b2b.status': '核验结果',
      'b2b.matched': '一致',
      'b2b.mismatched': '不一致',
      'b2b.list': '清单',
      'b2b.orderNo': '订单编号',
      'b2b.releaseDay': '放行日',
      'b2b.order': '订单',
      'b2b.payment': '收款',
      'b2b.waybill': '运单',
      'b2b.mismatches': '差异',
      'b2b.summary': '9710/9810 出口清单 {n} 票：一致 {m}，不一致 {x}',
      'b2b.none': '所选期间没有 9710/9810 出口清单。',
      'tab.receipts': '单证回执',
      signOut: '退出',
      'signIn.title': '工作人员登录',
      'signIn.login': '账号',
      'signIn.password': '密码',
      'signIn.submit': '登录',
      'signIn.hint': '账号由平台运维人员发放（实名）。',
      'signIn.failed': '登录失败：账号或密码错误，或账号已停用。',
      'signIn.locked': '失败次数过多，请 {s} 秒后再试。',
      'signIn.ended': '会话已结束，请重新登录。',
      'stats.direction': '方向',
      'direction.import': '进口',
      'direction.export': '出口',
      'stats.from': '起',
      'stats.to': '止',
      'stats.csvBy': 'CSV 维度',
      'stats.csv': '下载 CSV',
      'stats.month': '月报',
      'stats.reportHtml': '月报 HTML',
      'stats.reportCsv': '月报 CSV',
      'dim.tradeMode': '监管方式',
      'dim.businessType': '业务类型',
      'dim.country': '国家（地区）',
      'dim.hsChapter': 'HS 章',
      'dim.day': '日',
      'chart.tradeMode': '按监管方式（9610/1210/9710/9810）',
      'chart.businessType': '按业务类型（B2C/B2B/B2B2C）',
      'chart.country': '按国家（地区）',
      'chart.hsChapter': '按 HS 章',
      'chart.day': '每日趋势',
      count: '票数',
      value: '金额（人民币）',
      total: '合计',
      query: '查询',
      all: '全部',
      noData: '所选期间没有数据。',
      failed: '查询失败：{e}',
      unavailable: '该服务暂不可用（{e}），请稍后再试。',
      forbidden: '您的账号无权查看此内容。',
      downloaded: '已下载 {f}',
      'risk.status': '状态',
      'risk.openedAt': '立案时间',
      'risk.rule': '规则',
      'risk.enterprise': '企业',
      'risk.grade': '等级',
      'risk.subject': '对象',
      'risk.evidence': '证据',
      'risk.none': '暂无风险预警。',
      'credit.list': '名单',
      'credit.blacklist': '严重失信（黑名单）',
      'credit.abnormal': '经营异常',
      'credit.whitelist': '诚信（白名单）',
      'credit.byLevel': '按等级',
      'credit.level': '等级',
      'credit.enterprise': '企业',
      'credit.kind': '类型',
      'credit.ratedAt': '评级时间',
      'credit.lists': '名单',
      'credit.none': '没有符合条件的企业。',
      'credit.pick': '请选择名单或等级。',
      'receipts.search': '订单编号或报文 ID',
      'receipts.type': '单证',
      'receipts.sender': '申报企业',
      'receipts.identity': '编号',
      'receipts.receivedAt': '接收时间',
      'receipts.show': '回执',
      'receipts.status': '回执状态',
      'receipts.time': '回执时间',
      'receipts.info': '说明',
      'receipts.issuedBy': '发出部门',
      'receipts.noDocs': '没有找到该单证（或不在您的监管范围内）。',
      'receipts.noReceipts': '该单证暂无回执。',
      'receipts.of': '{t} 的回执',
      whoAgency: '{n}（{a}）',
    },
    en: {
      brand: 'Single window · Regulator console',
      'tab.stats': 'Statistics',
      'tab.risk': 'Risk warnings',
      'tab.credit': 'Credit lists',
      'tab.b2b': 'B2B verification',
      'b2b.status': 'Result',
      'b2b.matched': 'matched',
      'b2b.mismatched': 'mismatched',
      'b2b.list': 'List',
      'b2b.orderNo': 'Order number',
      'b2b.releaseDay': 'Released',
      'b2b.order': 'Order',
      'b2b.payment': 'Payment',
      'b2b.waybill': 'Waybill',
      'b2b.mismatches': 'Mismatches',
      'b2b.summary': '9710/9810 export lists: {n}; matched {m}, mismatched {x}',
      'b2b.none': 'No 9710/9810 export list in the chosen period.',
      'tab.receipts': 'Receipts',
      signOut: 'Sign out',
      'signIn.title': 'Staff sign-in',
      'signIn.login': 'Login',
      'signIn.password': 'Password',
      'signIn.submit': 'Sign in',
      'signIn.hint': 'Accounts are issued to named persons by the platform operator.',
      'signIn.failed': 'Sign-in failed: wrong login or password, or the account is disabled.',
      'signIn.locked': 'Too many failed attempts; retry in {s} s.',
      'signIn.ended': 'Your session has ended; please sign in again.',
      'stats.direction': 'Direction',
      'direction.import': 'Import',
      'direction.export': 'Export',
      'stats.from': 'From',
      'stats.to': 'To',
      'stats.csvBy': 'CSV by',
      'stats.csv': 'Download CSV',
      'stats.month': 'Monthly report',
      'stats.reportHtml': 'Report HTML',
      'stats.reportCsv': 'Report CSV',
      'dim.tradeMode': 'Trade mode',
      'dim.businessType': 'Business type',
      'dim.country': 'Country or region',
      'dim.hsChapter': 'HS chapter',
      'dim.day': 'Day',
      'chart.tradeMode': 'By trade mode (9610/1210/9710/9810)',
      'chart.businessType': 'By business type (B2C/B2B/B2B2C)',
      'chart.country': 'By country or region',
      'chart.hsChapter': 'By HS chapter',
      'chart.day': 'Daily trend',
      count: 'Declarations',
      value: 'Value (CNY)',
      total: 'Total',
      query: 'Query',
      all: 'All',
      noData: 'No data for the chosen period.',
      failed: 'The query failed: {e}',
      unavailable: 'This service is unavailable ({e}); try again shortly.',
      forbidden: 'Your account may not see this.',
      downloaded: 'Downloaded {f}',
      'risk.status': 'Status',
      'risk.openedAt': 'Opened',
      'risk.rule': 'Rule',
      'risk.enterprise': 'Enterprise',
      'risk.grade': 'Grade',
      'risk.subject': 'Subject',
      'risk.evidence': 'Evidence',
      'risk.none': 'No risk warnings.',
      'credit.list': 'List',
      'credit.blacklist': 'Blacklist (serious dishonesty)',
      'credit.abnormal': 'Abnormal operations',
      'credit.whitelist': 'Whitelist (good standing)',
      'credit.byLevel': 'By grade',
      'credit.level': 'Grade',
      'credit.enterprise': 'Enterprise',
      'credit.kind': 'Kind',
      'credit.ratedAt': 'Rated',
      'credit.lists': 'Lists',
      'credit.none': 'No enterprise matches.',
      'credit.pick': 'Choose a list or a grade.',
      'receipts.search': 'Order number or message id',
      'receipts.type': 'Document',
      'receipts.sender': 'Declared by',
      'receipts.identity': 'Number',
      'receipts.receivedAt': 'Received',
      'receipts.show': 'Receipts',
      'receipts.status': 'Status',
      'receipts.time': 'Time',
      'receipts.info': 'Information',
      'receipts.issuedBy': 'Issued by',
      'receipts.noDocs': 'No such document (or not within your agency).',
      'receipts.noReceipts': 'No receipt for this document yet.',
      'receipts.of': 'Receipts of {t}',
      whoAgency: '{n} ({a})',
    },
  };

  var STORAGE_TOKEN = 'swx-console-session';
  var STORAGE_LANG = 'swx-console-lang';
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  var lang = localStorage.getItem(STORAGE_LANG) === 'en' ? 'en' : 'zh';
  var session = null;
  var charts = {};
  var lastStats = null;
  var refreshers = [];

  function $(id) {
    return document.getElementById(id);
  }

  function t(key, params) {
    var text = (TEXT[lang] && TEXT[lang][key]) || TEXT.zh[key] || key;
    if (params) {
      Object.keys(params).forEach(function (k) {
        text = text.replace('{' + k + '}', params[k]);
      });
    }
    return text;
  }

  function applyLanguage() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('brand');
    document.querySelectorAll('[data-i18n]').forEach(function (el) {
      el.textContent = t(el.getAttribute('data-i18n'));
    });
    $('lang').textContent = lang === 'zh' ? 'English' : '中文';
    showWho();
    refreshers.forEach(function (f) {
      f();
    });
  }

  function show(el, text, isError) {
    if (!text) {
      el.hidden = true;
      el.textContent = '';
      return;
    }
    el.textContent = text;
    el.classList.toggle('error', !!isError);
    el.hidden = false;
  }

  /** A failed answer as the person should read it. */
  function describe(error) {
    if (error.status === 403) return t('forbidden');
    if (error.status === 502 || error.status === 503 || error.status === 504 || error.status === 404)
      return t('unavailable', { e: error.detail || 'HTTP ' + error.status });
    return t('failed', { e: error.detail || error.message || 'HTTP ' + error.status });
  }

  function signedOut(message) {
    session = null;
    sessionStorage.removeItem(STORAGE_TOKEN);
    Object.keys(charts).forEach(function (k) {
      charts[k].dispose();
    });
    charts = {};
    $('app').hidden = true;
    $('tabs').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    show($('sign-in-message'), message || '', true);
    showWho();
  }

  /** GET (or another method) on the API with the session token; rejects with {status, detail}. */
  function api(path, options) {
    options = options || {};
    var headers = { accept: options.accept || 'application/json' };
    if (session) headers.authorization = 'Bearer ' + session.accessToken;
    if (options.body) headers['content-type'] = 'application/json';
    return fetch(path, {
      method: options.method || 'GET',
      headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined,
    }).then(function (response) {
      if (response.status === 401 && session && !options.signIn) {
        signedOut(t('signIn.ended'));
        return Promise.reject({ status: 401, detail: t('signIn.ended') });
      }
      if (!response.ok) {
        return response.text().then(function (text) {
          var detail;
          try {
            detail = JSON.parse(text).detail;
          } catch {
            detail = undefined;
          }
          return Promise.reject({
            status: response.status,
            detail: detail,
            retryAfter: response.headers.get('retry-after'),
          });
        });
      }
      if (response.status === 204) return null;
      return options.raw ? response.blob() : response.json();
    });
  }

  function showWho() {
    var who = $('who');
    if (!session) {
      who.textContent = '';
      return;
    }
    var p = session.person;
    who.textContent = p.agency ? t('whoAgency', { n: p.displayName, a: p.agency }) : p.displayName;
  }

  function signedIn(s) {
    session = s;
    sessionStorage.setItem(STORAGE_TOKEN, JSON.stringify(s));
    $('sign-in').hidden = true;
    $('app').hidden = false;
    $('tabs').hidden = false;
    $('sign-out').hidden = false;
    showWho();
    selectTab('stats');
  }

  // --- statistics -------------------------------------------------------------------------------------------

  /** Today and 29 days before, in China time (the statistics' days). */
  function chinaDate(offsetDays) {
    var d = new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 86400 * 1000);
    return d.toISOString().slice(0, 10);
  }

  function statsQuery(dimension, format) {
    var q = new URLSearchParams({
      dimension: dimension,
      direction: $('direction').value,
      from: $('from').value,
      to: $('to').value,
    });
    if (format) q.set('format', format);
    return '/v1/statistics/volumes?' + q.toString();
  }

  function chartOption(kind, rows) {
    var labels = rows.map(function (r) {
      if (!r.label || r.label === r.key) return r.key;
      return r.label.indexOf(r.key) === 0 ? r.label : r.key + ' ' + r.label;
    });
    var counts = rows.map(function (r) {
      return r.count;
    });
    // The figures are drawn from the answer's exact decimal strings; the tooltip shows them as answered.
    var values = rows.map(function (r) {
      return { value: Number(r.valueCny), exact: r.valueCny };
    });
    var tooltip = {
      trigger: kind === 'pie' ? 'item' : 'axis',
    };
    if (kind === 'pie') {
      return {
        tooltip: tooltip,
        legend: { bottom: 0, type: 'scroll' },
        series: [
          {
            name: t('count'),
            type: 'pie',
            radius: ['35%', '65%'],
            data: rows.map(function (r, i) {
              return { name: labels[i], value: r.count, valueCny: r.valueCny };
            }),
            label: { formatter: '{b}: {c}' },
          },
        ],
      };
    }
    return {
      tooltip: tooltip,
      legend: { data: [t('count'), t('value')], top: 0, left: 'center' },
      grid: { left: 60, right: 70, top: 50, bottom: kind === 'line' ? 30 : 60 },
      xAxis: {
        type: 'category',
        data: labels,
        axisLabel: { rotate: kind === 'line' || labels.length < 6 ? 0 : 30 },
      },
      yAxis: [
        { type: 'value', name: t('count'), minInterval: 1 },
        { type: 'value', name: t('value'), position: 'right' },
      ],
      series: [
        { name: t('count'), type: kind, data: counts, label: { show: rows.length <= 12, position: 'top' } },
        { name: t('value'), type: kind === 'line' ? 'line' : 'bar', yAxisIndex: 1, data: values },
      ],
    };
  }

  function renderChart(box, answer, error) {
    var dimension = box.getAttribute('data-dimension');
    var el = box.querySelector('.chart');
    var message = box.querySelector('.message');
    var rows = answer && Array.isArray(answer.rows) ? answer.rows : [];
    if (error || rows.length === 0) {
      if (charts[dimension]) {
        charts[dimension].dispose();
        delete charts[dimension];
      }
      el.hidden = true;
      show(message, error ? describe(error) : t('noData'), !!error);
      return;
    }
    el.hidden = false;
    show(message, '');
    var chart = charts[dimension] || (charts[dimension] = echarts.init(el));
    chart.setOption(chartOption(box.getAttribute('data-kind'), rows), true);
    chart.resize();
  }

  function renderTotals(answer) {
    var totals = $('totals');
    totals.textContent = '';
    if (!answer || !answer.total) return;
    [
      ['count', String(answer.total.count)],
      ['value', answer.total.valueCny],
    ].forEach(function (pair) {
      var div = document.createElement('div');
      div.textContent = t(pair[0]);
      var strong = document.createElement('strong');
      strong.textContent = pair[1];
      strong.id = 'total-' + pair[0];
      div.appendChild(strong);
      totals.appendChild(div);
    });
  }

  function loadStats() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll('.chart-box'));
    show($('stats-message'), '');
    return Promise.all(
      boxes.map(function (box) {
        return api(statsQuery(box.getAttribute('data-dimension'))).then(
          function (answer) {
            return { box: box, answer: answer };
          },
          function (error) {
            return { box: box, error: error };
          },
        );
      }),
    ).then(function (results) {
      lastStats = results;
      drawStats();
    });
  }

  function drawStats() {
    if (!lastStats) return;
    var first = null;
    lastStats.forEach(function (r) {
      renderChart(r.box, r.answer, r.error);
      if (!first && r.answer) first = r.answer;
    });
    renderTotals(first);
    var failed = lastStats.filter(function (r) {
      return r.error;
    });
    if (failed.length === lastStats.length) show($('stats-message'), describe(failed[0].error), true);
    else if (first && first.total && first.total.count === 0) show($('stats-message'), t('noData'));
  }

  function download(path, accept, filename) {
    show($('stats-message'), '');
    return api(path, { raw: true, accept: accept }).then(
      function (blob) {
        var url = URL.createObjectURL(blob);
        var a = document.createElement('a');
        a.href = url;
        a.download = filename;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () {
          URL.revokeObjectURL(url);
        }, 10000);
        show($('stats-message'), t('downloaded', { f: filename }));
      },
      function (error) {
        show($('stats-message'), describe(error), true);
      },
    );
  }

  function report(format) {
    var month = $('month').value || chinaDate(0).slice(0, 7);
    var q = new URLSearchParams({ month: month, format: format });
    return download(
      '/v1/statistics/reports/monthly?' + q.toString(),
      format === 'csv' ? 'text/csv' : 'text/html',
      'statistics-' + month + '.' + format,
    );
  }

  // --- risk warnings ----------------------------------------------------------------------------------------

  function cell(tr, text, className) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '—' : String(text);
    if (className) td.className = className;
    tr.appendChild(td);
    return td;
  }

  function when(iso) {
    if (!iso) return null;
    var d = new Date(iso);
    return isNaN(d.getTime())
      ? iso
      : new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
  }

  function fillTable(table, messageEl, items, emptyText, row) {
    var body = table.querySelector('tbody');
    body.textContent = '';
    if (!items || items.length === 0) {
      table.hidden = true;
      show(messageEl, emptyText);
      return;
    }
    show(messageEl, '');
    items.forEach(function (item) {
      var tr = document.createElement('tr');
      row(tr, item);
      body.appendChild(tr);
    });
    table.hidden = false;
  }

  function loadRisk() {
    var q = new URLSearchParams({ limit: '100' });
    if ($('risk-status').value) q.set('status', $('risk-status').value);
    return api('/v1/risk/cases?' + q.toString()).then(
      function (answer) {
        fillTable(
          $('risk-table'),
          $('risk-message'),
          answer && answer.items,
          t('risk.none'),
          function (tr, c) {
            var w = c.warning || {};
            cell(tr, when(c.openedAt));
            cell(tr, c.ruleCode);
            cell(tr, c.enterpriseCode);
            cell(tr, c.grade, 'grade-' + c.grade);
            cell(tr, c.status);
            // Persons appear as the API gives them: masked (a token's masked value), never a clear value here.
            cell(tr, w.subjectMasked || (w.subjectKind === 'enterprise' ? w.subject : null));
            cell(tr, Array.isArray(w.evidence) ? w.evidence.join(', ') : null);
          },
        );
      },
      function (error) {
        $('risk-table').hidden = true;
        show($('risk-message'), describe(error), true);
      },
    );
  }

  // --- B2B verification (S9) ------------------------------------------------------------------------------

  function loadB2b() {
    var q = new URLSearchParams({ from: $('b2b-from').value, to: $('b2b-to').value });
    if ($('b2b-status').value) q.set('status', $('b2b-status').value);
    return api('/v1/statistics/b2b-verification?' + q.toString()).then(
      function (answer) {
        var s = answer && answer.summary;
        $('b2b-summary').textContent = s
          ? t('b2b.summary', { n: s.lists, m: s.matched, x: s.mismatched })
          : '';
        fillTable(
          $('b2b-table'),
          $('b2b-message'),
          answer && answer.items,
          t('b2b.none'),
          function (tr, item) {
            var yes = function (v) {
              return v ? '✓' : '✗';
            };
            cell(tr, item.listIdentity);
            cell(tr, item.orderNo);
            cell(tr, item.tradeMode);
            cell(tr, item.releaseDay);
            cell(tr, yes(item.order));
            cell(tr, yes(item.payment));
            cell(tr, yes(item.waybill));
            cell(tr, t('b2b.' + item.status), item.status === 'matched' ? 'grade-blue' : 'grade-red');
            cell(
              tr,
              (item.mismatches || [])
                .map(function (m) {
                  return m.rule + (m.message ? ': ' + m.message : '');
                })
                .join('; ') || null,
            );
          },
        );
      },
      function (error) {
        $('b2b-table').hidden = true;
        $('b2b-summary').textContent = '';
        show($('b2b-message'), describe(error), true);
      },
    );
  }

  // --- credit lists -----------------------------------------------------------------------------------------

  function loadCredit() {
    var q = new URLSearchParams();
    if ($('credit-list').value) q.set('list', $('credit-list').value);
    if ($('credit-level').value) q.set('level', $('credit-level').value);
    if (!q.toString()) {
      $('credit-table').hidden = true;
      show($('credit-message'), t('credit.pick'));
      return Promise.resolve();
    }
    return api('/v1/credit/standings?' + q.toString()).then(
      function (answer) {
        fillTable(
          $('credit-table'),
          $('credit-message'),
          answer && answer.items,
          t('credit.none'),
          function (tr, s) {
            cell(tr, s.enterpriseCode);
            cell(tr, s.kind);
            cell(tr, s.level);
            cell(tr, when(s.ratedAt));
            cell(
              tr,
              (s.lists || [])
                .map(function (l) {
                  return l.list + (l.since ? ' (' + when(l.since) + ')' : '');
                })
                .join(', ') || null,
            );
          },
        );
      },
      function (error) {
        $('credit-table').hidden = true;
        show($('credit-message'), describe(error), true);
      },
    );
  }

  // --- documents and receipts -------------------------------------------------------------------------------

  function loadDocuments() {
    var term = $('doc-search').value.trim();
    $('receipts-table').hidden = true;
    $('receipts-title').hidden = true;
    show($('receipt-message'), '');
    var request = UUID.test(term)
      ? api('/v1/messages/' + encodeURIComponent(term)).then(function (m) {
          return { items: [m] };
        })
      : api('/v1/messages?' + new URLSearchParams({ orderNo: term, limit: '50' }).toString());
    return request.then(
      function (page) {
        fillTable(
          $('documents-table'),
          $('receipts-message'),
          page && page.items,
          t('receipts.noDocs'),
          function (tr, m) {
            tr.setAttribute('data-message-id', m.messageId);
            cell(tr, m.documentType);
            cell(tr, m.senderCode);
            cell(tr, m.identity);
            cell(tr, when(m.receivedAt));
            var td = document.createElement('td');
            var button = document.createElement('button');
            button.type = 'button';
            button.className = 'show-receipts';
            button.textContent = t('receipts.show');
            button.addEventListener('click', function () {
              loadReceipts(m);
            });
            td.appendChild(button);
            tr.appendChild(td);
          },
        );
      },
      function (error) {
        $('documents-table').hidden = true;
        show(
          $('receipts-message'),
          error.status === 404 ? t('receipts.noDocs') : describe(error),
          error.status !== 404,
        );
      },
    );
  }

  function loadReceipts(message) {
    var title = $('receipts-title');
    title.textContent = t('receipts.of', { t: message.documentType + ' ' + message.identity });
    title.hidden = false;
    return api('/v1/messages/' + encodeURIComponent(message.messageId) + '/receipts').then(
      function (answer) {
        fillTable(
          $('receipts-table'),
          $('receipt-message'),
          answer && answer.receipts,
          t('receipts.noReceipts'),
          function (tr, r) {
            cell(tr, r.returnStatus, 'return-status');
            cell(tr, r.returnTime);
            cell(tr, r.returnInfo);
            cell(tr, r.issuedBy);
          },
        );
      },
      function (error) {
        $('receipts-table').hidden = true;
        show($('receipt-message'), describe(error), true);
      },
    );
  }

  // --- wiring -----------------------------------------------------------------------------------------------

  var loaders = {
    stats: loadStats,
    risk: loadRisk,
    b2b: loadB2b,
    credit: loadCredit,
    receipts: function () {},
  };

  function selectTab(name) {
    document.querySelectorAll('#tabs button').forEach(function (b) {
      b.classList.toggle('active', b.getAttribute('data-tab') === name);
    });
    document.querySelectorAll('.tab').forEach(function (s) {
      s.hidden = s.id !== 'tab-' + name;
    });
    loaders[name]();
    Object.keys(charts).forEach(function (k) {
      charts[k].resize();
    });
  }

  function submitted(form, handler) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      handler();
    });
  }

  function start() {
    $('from').value = chinaDate(-29);
    $('to').value = chinaDate(0);
    $('month').value = chinaDate(0).slice(0, 7);
    $('b2b-from').value = chinaDate(-29);
    $('b2b-to').value = chinaDate(0);
    refreshers.push(drawStats);

    $('lang').addEventListener('click', function () {
      lang = lang === 'zh' ? 'en' : 'zh';
      localStorage.setItem(STORAGE_LANG, lang);
      applyLanguage();
    });
    document.querySelectorAll('#tabs button').forEach(function (b) {
      b.addEventListener('click', function () {
        selectTab(b.getAttribute('data-tab'));
      });
    });
    submitted($('sign-in-form'), function () {
      show($('sign-in-message'), '');
      api('/v1/staff-sessions', {
        method: 'POST',
        signIn: true,
        body: { login: $('login').value, password: $('password').value },
      }).then(
        function (s) {
          $('password').value = '';
          signedIn(s);
        },
        function (error) {
          $('password').value = '';
          show(
            $('sign-in-message'),
            error.status === 429
              ? t('signIn.locked', { s: error.retryAfter || '?' })
              : error.status === 401 || error.status === 400
                ? t('signIn.failed')
                : describe(error),
            true,
          );
        },
      );
    });
    $('sign-out').addEventListener('click', function () {
      var ending = session ? api('/v1/staff-sessions/current', { method: 'DELETE' }) : Promise.resolve();
      ending.then(
        function () {
          signedOut('');
        },
        function () {
          signedOut('');
        },
      );
    });
    submitted($('stats-filter'), loadStats);
    submitted($('risk-filter'), loadRisk);
    submitted($('credit-filter'), loadCredit);
    submitted($('b2b-filter'), loadB2b);
    submitted($('receipts-filter'), loadDocuments);
    $('csv').addEventListener('click', function () {
      var dimension = $('csv-dimension').value;
      download(statsQuery(dimension, 'csv'), 'text/csv', 'volumes-' + dimension + '.csv');
    });
    $('report-html').addEventListener('click', function () {
      report('html');
    });
    $('report-csv').addEventListener('click', function () {
      report('csv');
    });
    window.addEventListener('resize', function () {
      Object.keys(charts).forEach(function (k) {
        charts[k].resize();
      });
    });

    applyLanguage();
    var stored = sessionStorage.getItem(STORAGE_TOKEN);
    if (stored) {
      try {
        signedIn(JSON.parse(stored));
        return;
      } catch {
        sessionStorage.removeItem(STORAGE_TOKEN);
      }
    }
    signedOut('');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
