// The status page: reads /api/status (with the credentials the browser already holds for this page) every few
// seconds and draws it. Text is set with textContent, never as HTML.
'use strict';

const REFRESH_MS = 5000;
const STATUSES = ['PENDING', 'PROCESSING', 'DONE', 'FAILED', 'SKIPPED', 'GONE'];

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function chart(minutes) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const max = Math.max(1, ...minutes);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('width', String(minutes.length * 4));
  svg.setAttribute('height', '32');
  svg.setAttribute('viewBox', `0 0 ${minutes.length * 4} 32`);
  minutes.forEach((count, i) => {
    if (count === 0) return;
    const bar = document.createElementNS(ns, 'rect');
    const height = Math.max(1, Math.round((count / max) * 30));
    bar.setAttribute('x', String(i * 4));
    bar.setAttribute('y', String(32 - height));
    bar.setAttribute('width', '3');
    bar.setAttribute('height', String(height));
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${count} done, ${minutes.length - 1 - i} min ago`;
    bar.appendChild(title);
    svg.appendChild(bar);
  });
  return svg;
}

function fill(tableId, rows, draw, emptyText) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren();
  if (rows.length === 0) {
    const row = body.insertRow();
    const td = cell(row, emptyText, 'empty');
    td.colSpan = document.querySelectorAll(`#${tableId} thead th`).length;
    return;
  }
  rows.forEach(item => draw(body.insertRow(), item));
}

function sourceRow(row, source) {
  const id = source.bucketId == null ? source.source : `bucket-${source.bucketId}`;
  row.dataset.source = id;
  const name = source.kind === 'bucket' ? `${source.name} (bucket ${source.bucketId}, ${source.source})` : source.name;
  const title = cell(row, name);
  if (source.lastScanError) {
    const error = document.createElement('div');
    error.className = 'failed';
    error.textContent = `last scan failed: ${source.lastScanError}`;
    title.appendChild(error);
  }
  STATUSES.forEach(status => {
    const td = cell(row, source.counts[status] || 0, status === 'FAILED' && source.counts[status] ? 'count failed' : 'count');
    td.dataset.status = status;
  });
  const total = source.doneByMinute.reduce((a, b) => a + b, 0);
  const td = cell(row, '');
  td.dataset.doneLastHour = String(total);
  td.appendChild(chart(source.doneByMinute));
  td.appendChild(document.createTextNode(` ${total}`));
}

// Each step of the item's pipeline on a line: its name, outcome and duration, and why it was skipped or failed
function stepsCell(row, steps) {
  const td = cell(row, '', 'steps');
  (steps || []).forEach(step => {
    const line = document.createElement('div');
    line.dataset.step = step.name;
    line.dataset.outcome = step.outcome;
    line.className = step.outcome === 'FAILED' ? 'failed' : (step.outcome === 'SKIPPED' ? 'warn' : 'ok');
    const took = step.durationMs == null ? '' : ` in ${step.durationMs} ms`;
    line.textContent = `${step.name}: ${step.outcome.toLowerCase()}${took}${step.reason ? ` (${step.reason})` : ''}`;
    td.appendChild(line);
  });
  return td;
}

function itemCells(row, item) {
  row.dataset.item = String(item.id);
  cell(row, item.id);
  cell(row, item.bucketId == null ? item.source : `${item.source} bucket ${item.bucketId}`);
  cell(row, item.key || item.assetId);
  cell(row, item.attempts, 'count');
}

function failureRow(row, failure) {
  itemCells(row, failure);
  cell(row, failure.lastError, 'error');
  stepsCell(row, failure.steps);
  cell(row, failure.at ? new Date(failure.at).toLocaleString() : '');
}

function doneRow(row, done) {
  itemCells(row, done);
  stepsCell(row, done.steps);
  cell(row, done.at ? new Date(done.at).toLocaleString() : '');
}

function webhookRow(row, webhook) {
  row.dataset.webhook = String(webhook.id);
  cell(row, webhook.id);
  cell(row, webhook.url);
  if (!webhook.enabled) {
    cell(row, `disabled${webhook.disabledReason ? ': ' + webhook.disabledReason : ''}`, 'failed');
  } else if (webhook.failingSince) {
    cell(row, `failing since ${new Date(webhook.failingSince).toLocaleString()}`, 'warn');
  } else {
    cell(row, 'healthy', 'ok');
  }
  cell(row, webhook.pending, 'count');
  cell(row, webhook.dead, webhook.dead ? 'count failed' : 'count');
}

async function refresh() {
  const updated = document.getElementById('updated');
  try {
    // From the origin, not relative: a page opened as http://user:key@host/ would lend its credentials to the
    // URL, which fetch refuses; the browser sends the credentials it holds for this origin anyway
    const response = await fetch(`${location.origin}/api/status`,
      { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const status = await response.json();
    fill('sources', status.sources, sourceRow, 'No buckets and no iconik items yet');
    fill('failures', status.failures, failureRow, 'No failures');
    fill('done', status.done, doneRow, 'Nothing done yet');
    fill('webhooks', status.webhooks, webhookRow, 'No subscriptions');
    updated.textContent = `Updated ${new Date(status.at).toLocaleTimeString()}; refreshes every ${REFRESH_MS / 1000} s`;
    updated.className = '';
    document.body.dataset.loaded = 'true';
  } catch (e) {
    updated.textContent = `Could not load the status (${e.message}); retrying`;
    updated.className = 'stale';
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
