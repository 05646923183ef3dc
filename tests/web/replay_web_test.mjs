// Browser test of `streamlab replay --web` (ctest label web): Debian's Chromium, headless, driven by
// playwright-core. Checks that the page draws one mark per arrival with the engine's fates, that
// its watermark label is the replay's, that pause, step, resume and speed drive the replay, and
// that a second page sees the plane so far and can close mid-stream without stalling the replay.
//   node replay_web_test.mjs STREAMLAB DATASET ARTEFACT_DIR
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const [streamlab, dataset, artefacts] = process.argv.slice(2);
mkdirSync(artefacts, { recursive: true });
const sleep = ms => new Promise(r => setTimeout(r, ms));

// Starts a replay with --web on a free port; resolves with the process, its output and the URL.
function replay(extra) {
  const args = [
    "replay", dataset, "--scenario", "late-arrivals", "--seed", "42", "--key-field", "category",
    "--window", "tumbling:5m", "--plain", "--web", "127.0.0.1:0", "--web-wait", ...extra];
  const child = spawn(streamlab, args, { stdio: ["ignore", "pipe", "pipe"] });
  const run = { child, out: "", err: "", exit: new Promise(r => child.on("exit", code => r(code))) };
  child.stdout.on("data", d => { run.out += d; });
  return new Promise((resolve, reject) => {
    child.stderr.on("data", d => {
      run.err += d;
      const m = run.err.match(/web view on (http:\/\/\S+\/)\n/);
      if (m && !run.url) { run.url = m[1]; resolve(run); }
    });
    child.on("exit", code => { if (!run.url) reject(new Error(`replay exited ${code}: ${run.err}`)); });
  });
}

const t0 = Date.now();
const log = what => console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);

async function until(what, predicate, timeout = 30000) {
  log(`waiting for ${what}`);
  const start = Date.now();
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const sent = page => page.evaluate(() => Number(document.getElementById("plane").dataset.sent || 0));
const marks = (page, cls = "ev") => page.evaluate(c => document.querySelectorAll(`#plane .${c}`).length, cls);
const text = (page, id) => page.evaluate(i => document.getElementById(i).textContent, id);

const profile = mkdtempSync(join(tmpdir(), "streamlab-web-test-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 720 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const consoleErrors = [];
browser.on("page", p => p.on("console", m => { if (m.type() === "error") consoleErrors.push(m.text()); }));

try {
  // 1. A whole replay at max speed, watched from the start.
  {
    const run = await replay(["--speed", "max"]);
    const page = await browser.newPage();
    page.on("console", m => { if (m.type() === "error") consoleErrors.push(m.text()); });
    await page.goto(run.url);
    await until("the replay to finish", async () => (await text(page, "state")) === "finished");
    assert.equal(await run.exit, 0, run.err);
    const summary = run.out.match(/replay complete: (\d+) of (\d+) arrivals sent.*?; watermark ([^;]+);.*?late dropped (\d+)/);
    assert.ok(summary, `no summary in: ${run.out}`);
    const arrivals = Number(summary[1]);
    await until("every mark drawn", async () => (await marks(page)) === arrivals);
    assert.equal(await marks(page), arrivals, "one mark per arrival");
    assert.equal(await marks(page, "dropped"), Number(summary[4]), "dropped marks = the replay's late dropped");
    assert.equal(await text(page, "watermark"), summary[3], "the watermark label is the replay's");
    await page.screenshot({ path: join(artefacts, "replay-web.png") });
    await page.close();
  }

  // 2. Pause, step, a second page, closing it mid-stream, resume, speed.
  {
    const run = await replay(["--speed", "600"]);
    const one = await browser.newPage();
    await one.goto(run.url);
    await until("20 arrivals", async () => (await sent(one)) >= 20);
    await one.click("#pause");
    await until("the pause", async () => (await text(one, "state")) === "paused");
    const paused = await sent(one);
    await sleep(1000);
    assert.equal(await sent(one), paused, "nothing is delivered while paused");
    await one.click("#step");
    await until("one step", async () => (await sent(one)) === paused + 1);
    await sleep(300);
    assert.equal(await sent(one), paused + 1, "a step delivers exactly one arrival");
    await until("the stepped mark", async () => (await marks(one)) === paused + 1);

    const two = await browser.newPage();
    await two.goto(run.url);
    await until("the second page to catch up", async () => (await marks(two)) === paused + 1);

    await one.click("#pause");  // resumes
    await until("arrivals after resuming", async () => (await sent(one)) > paused + 20);
    await two.close();
    await one.selectOption("#speed", "max");
    await until("the replay to finish", async () => (await text(one, "state")) === "finished");
    assert.equal(await run.exit, 0, run.err);
    const total = Number(run.out.match(/replay complete: (\d+) of/)[1]);
    await until("every mark on the first page", async () => (await marks(one)) === total);
  }
  assert.deepEqual(consoleErrors, [], "no errors in the browser console");
  console.log("web: all checks passed");
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
