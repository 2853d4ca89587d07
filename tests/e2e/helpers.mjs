// Shared by the page's end-to-end tests: serve the repository root on a free port, launch
// Debian's Chromium through playwright-core, open the page with logs of errors and requests.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import assert from "node:assert/strict";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ARTIFACTS = path.join(ROOT, "artifacts");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Serves ROOT with python3's http.server on a free port: { proc, origin }. */
export function serve() {
  return new Promise((resolve, reject) => {
    const proc = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1"], {
      cwd: ROOT, stdio: ["ignore", "pipe", "pipe"],
    });
    const timer = setTimeout(() => reject(new Error("http.server did not start")), 10_000);
    timer.unref();
    proc.on("error", reject);
    proc.stdout.on("data", (chunk) => {
      const port = /port (\d+)/.exec(String(chunk));
      if (port) {
        clearTimeout(timer);
        resolve({ proc, origin: `http://127.0.0.1:${port[1]}` });
      }
    });
    proc.stderr.resume(); // the request log
  });
}

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A fresh page on `origin`, ready (sample highlighted), with logs of errors and requests. */
export async function openPage(browser, origin, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const log = { errors: [], requests: [] };
  page.on("console", (msg) => { if (msg.type() === "error") log.errors.push(msg.text()); });
  page.on("pageerror", (err) => log.errors.push(String(err)));
  page.on("requestfailed", (req) => log.errors.push(`request failed: ${req.url()}`));
  context.on("request", (req) => log.requests.push(req.url())); // also the worker's requests
  await page.goto(`${origin}/`);
  await page.waitForSelector("html[data-ready]", { timeout: 15_000 });
  return { page, context, log };
}

/** Every request went to the page's own origin (blob: and data: URLs never leave the page). */
export function assertSameOrigin(requests, origin) {
  assert.ok(requests.length > 0, "no requests were logged");
  const outside = requests.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));
  assert.deepEqual(outside, [], "requests left the origin");
}

/** Waits until the latest highlight has been rendered. */
export async function highlighted(page) {
  await page.waitForSelector('#output[aria-busy="false"]', { timeout: 15_000 });
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

/** The marks of #output as { label, text } (text without the hidden label words). */
export function marksOf(page) {
  return page.$$eval("#output mark[data-label]", (ms) =>
    ms.map((m) => ({ label: m.dataset.label, text: m.firstChild.textContent, cluster: m.dataset.cluster })));
}

/**
 * Registers the file's before/after hooks: serve the repository root and launch Chromium once
 * for every test of the file, then close both. `onReady({ origin, browser })` receives them.
 */
export function useBrowser(onReady) {
  let server, browser;
  before(async () => {
    let origin;
    ({ proc: server, origin } = await serve());
    browser = await launch();
    onReady({ origin, browser });
  });
  after(async () => {
    await browser?.close();
    server?.kill();
  });
}
