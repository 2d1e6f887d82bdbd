// The stats webview's script: draws what the extension posts (charts on canvases, figures as text)
// and never talks to Docker itself. Loaded with the page's nonce; builds no inline styles.
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();
  const chartsEl = document.getElementById('charts');
  const titleEl = document.getElementById('title');
  const noteEl = document.getElementById('note');
  const table = document.getElementById('table');
  /** @type {any} */
  let model = vscode.getState() || undefined;
  /** Chart elements by chart id, kept between updates so nothing flickers. */
  const figures = new Map();

  function themeColor(variable) {
    const value = getComputedStyle(document.body).getPropertyValue(variable).trim();
    return value !== '' ? value : getComputedStyle(document.body).color;
  }

  function swatchClass(variable) {
    return 'swatch swatch-' + String(variable).replace(/^--vscode-charts-/, '');
  }

  function figureFor(chart) {
    let figure = figures.get(chart.id);
    if (figure !== undefined) {
      return figure;
    }
    const root = document.createElement('figure');
    root.className = 'chart';
    const caption = document.createElement('figcaption');
    const title = document.createElement('span');
    title.className = 'chart-title';
    const value = document.createElement('span');
    value.className = 'chart-value';
    caption.append(title, value);
    const canvas = document.createElement('canvas');
    canvas.className = 'chart-canvas';
    canvas.setAttribute('role', 'img');
    const legend = document.createElement('div');
    legend.className = 'legend';
    root.append(caption, canvas, legend);
    chartsEl.append(root);
    figure = { root, title, value, canvas, legend, legendKey: '' };
    figures.set(chart.id, figure);
    return figure;
  }

  function drawChart(figure, chart) {
    const canvas = figure.canvas;
    const ratio = window.devicePixelRatio || 1;
    const cssWidth = Math.max(1, canvas.clientWidth);
    const cssHeight = Math.max(1, canvas.clientHeight);
    if (canvas.width !== Math.round(cssWidth * ratio) || canvas.height !== Math.round(cssHeight * ratio)) {
      canvas.width = Math.round(cssWidth * ratio);
      canvas.height = Math.round(cssHeight * ratio);
    }
    const ctx = canvas.getContext('2d');
    if (ctx === null) {
      return;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, cssWidth, cssHeight);
    const top = 14;
    const plot = cssHeight - top - 1;
    ctx.strokeStyle = themeColor('--vscode-editorWidget-border');
    ctx.globalAlpha = 0.5;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, top + 0.5);
    ctx.lineTo(cssWidth, top + 0.5);
    ctx.moveTo(0, cssHeight - 0.5);
    ctx.lineTo(cssWidth, cssHeight - 0.5);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillStyle = themeColor('--vscode-descriptionForeground');
    ctx.font = '10px ' + getComputedStyle(document.body).fontFamily;
    ctx.textBaseline = 'top';
    ctx.fillText(chart.scaleLabel, 2, 1);
    const slots = Math.max(2, chart.width);
    const step = cssWidth / (slots - 1);
    for (const series of chart.series) {
      const values = series.values;
      if (values.length === 0) {
        continue;
      }
      ctx.strokeStyle = themeColor(series.color);
      ctx.lineWidth = 1.5;
      ctx.lineJoin = 'round';
      ctx.beginPath();
      const offset = slots - values.length;
      values.forEach((v, i) => {
        const x = (offset + i) * step;
        const y = top + plot - (Math.min(v, chart.scaleMax) / chart.scaleMax) * plot;
        if (i === 0) {
          ctx.moveTo(x, y);
        } else {
          ctx.lineTo(x, y);
        }
      });
      ctx.stroke();
    }
    canvas.setAttribute('aria-label', chart.title + ': ' + chart.value);
  }

  function renderLegend(figure, chart) {
    const key = chart.series.map((s) => s.label + s.color).join('|');
    if (figure.legendKey === key) {
      return;
    }
    figure.legendKey = key;
    figure.legend.replaceChildren();
    if (chart.series.length < 2) {
      return;
    }
    for (const series of chart.series) {
      const item = document.createElement('span');
      item.className = 'legend-item';
      const swatch = document.createElement('span');
      swatch.className = swatchClass(series.color);
      item.append(swatch, document.createTextNode(series.label));
      figure.legend.append(item);
    }
  }

  function row(cells, tag) {
    const tr = document.createElement('tr');
    for (const text of cells) {
      const cell = document.createElement(tag);
      cell.textContent = text;
      tr.append(cell);
    }
    return tr;
  }

  function renderTable(tableModel) {
    const head = table.tHead;
    const body = table.tBodies[0];
    const foot = table.tFoot;
    head.replaceChildren(row(tableModel.headers, 'th'));
    body.replaceChildren(...tableModel.rows.map((cells) => row(cells, 'td')));
    foot.replaceChildren(...(tableModel.totals ? [row(tableModel.totals, 'td')] : []));
  }

  function render() {
    if (model === undefined) {
      return;
    }
    titleEl.textContent = model.title;
    noteEl.textContent = model.note || '';
    noteEl.hidden = !model.note;
    for (const chart of model.charts) {
      const figure = figureFor(chart);
      figure.title.textContent = chart.title;
      figure.value.textContent = chart.value;
      renderLegend(figure, chart);
      drawChart(figure, chart);
    }
    renderTable(model.table);
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'update') {
      model = message.model;
      vscode.setState(model);
      render();
    }
  });
  window.addEventListener('resize', render);
  // Theme changes restyle the body; the canvases are redrawn with the new colors.
  new MutationObserver(render).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  render();
  vscode.postMessage({ type: 'ready' });
})();
