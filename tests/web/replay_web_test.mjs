// Browser test of `streamlab replay --web` (ctest label web): Debian's Chromium, headless, driven by
// playwright-core. Checks that the page draws one mark per arrival with the engine's fates, in one
// lane per key (beyond six keys, the sixth lane is shared by the later keys), that its watermark
// label is the replay's, that pause, step, resume and speed drive the replay, that a second page
// sees the plane so far and can close mid-stream without stalling the replay, and that a hopping
// window's event dropped from one window but counted in another is ringed.
//   node replay_web_test.mjs STREAMLAB DATASET ARTEFACT_DIR
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const [streamlab, dataset, artefacts] = process.argv.slice(2);
mkdirSync(artefacts, { recursive: true });
const sleep = ms => new Promise(r => setTimeout(r, ms));

const salesArgs = [dataset, "--scenario", "late-arrivals", "--seed", "42", "--key-field", "category",
                   "--window", "tumbling:5m"];

// Starts a replay with --web on a free port; resolves with the process, its output and the URL.
function replay(extra, base = salesArgs) {
  const args = ["replay", ...base, "--plain", "--web", "127.0.0.1:0", "--web-wait", ...extra];
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
// Each lane's title, number of keys and number of arrival marks, top to bottom.
const lanes = page => page.evaluate(() => [...document.querySelectorAll("#plane .lane")].map(g => ({
  title: g.querySelector(".lane-title").textContent, keys: Number(g.dataset.keys),
  marks: g.querySelectorAll(".ev").length })));

// The dataset's records per key, read here (not from the replay): the oracle of the lanes' marks.
function recordsPerKey(file, field) {
  const counts = new Map();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    let record;
    try { record = JSON.parse(line); } catch { continue; }
    const key = JSON.stringify(record[field] ?? null);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  return counts;
}

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
    // Seven categories: five lanes of their own, the sixth shared by the last two to arrive.
    const perKey = recordsPerKey(dataset, "category");
    assert.equal(perKey.size, 7, "sales.jsonl has seven categories");
    const drawn = await lanes(page);
    assert.equal(drawn.length, 6, "six lanes at most");
    assert.equal(drawn[5].title, "other keys (2)");
    assert.equal(drawn.reduce((n, l) => n + l.keys, 0), 7, "every key has a lane");
    let own = 0;
    for (const l of drawn.slice(0, 5)) {
      assert.equal(l.keys, 1);
      const key = l.title.replace(/^key /, "");
      assert.ok(perKey.has(key), `lane ${l.title} is a category`);
      assert.equal(l.marks, perKey.get(key), `lane ${l.title}: one mark per record of its key`);
      own += perKey.get(key);
    }
    assert.equal(drawn[5].marks, arrivals - own, "the other keys' lane holds the rest");
    await page.screenshot({ path: join(artefacts, "replay-web.png"), fullPage: true });
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
  // 3. Hopping windows of 10 minutes every 5, the watermark 0 s behind (the scenario's delay);
  //    key d lands on partition 1 (murmur2, as `streamlab scenario apply` shows), which lags by
  //    7 minutes. Arrivals, by hand (P = processing time from the first event time, 10:00):
  //      P 0    a 10:00 -> [09:55,10:05) [10:00,10:10)           W 10:00
  //      P 10m  a 10:10 -> [10:05,10:15) [10:10,10:20)           W 10:10: [09:55,10:05) [10:00,10:10) fire
  //      P 12m  d 10:05, W 10:10: [10:00,10:10) ended and is freed (no allowed lateness): dropped
  //             from it; [10:05,10:15) is open: counted. On time overall, ringed.
  //      P 20m  a 10:20                                            W 10:20
  {
    const dir = mkdtempSync(join(tmpdir(), "streamlab-web-hop-"));
    const hop = join(dir, "hop.jsonl"), lag = join(dir, "lag.json");
    writeFileSync(hop, ['{"k":"a","time":"2025-06-22T10:00:00Z"}', '{"k":"a","time":"2025-06-22T10:10:00Z"}',
                        '{"k":"d","time":"2025-06-22T10:05:00Z"}', '{"k":"a","time":"2025-06-22T10:20:00Z"}', ""].join("\n"));
    writeFileSync(lag, JSON.stringify({ name: "lag", seed: 1, partitions: 2, watermark_delay: "0s",
                                        skew: [{ partition: 1, lag: "7m" }] }));
    const run = await replay(["--speed", "max"], [hop, "--scenario", lag, "--key-field", "k", "--time-field", "time",
                                                  "--window", "hopping:10m,5m"]);
    const page = await browser.newPage();
    await page.goto(run.url);
    await until("the hopping replay to finish", async () => (await text(page, "state")) === "finished");
    assert.equal(await run.exit, 0, run.err);
    await until("four marks", async () => (await marks(page)) === 4);
    assert.deepEqual((await lanes(page)).map(l => [l.title, l.marks]), [['key "a"', 3], ['key "d"', 1]]);
    assert.equal(await marks(page, "dropped"), 0, "counted in one window: not dropped overall");
    assert.equal(await marks(page, "partly-dropped"), 1, "one ring");
    const ring = await page.evaluate(() => document.querySelector("#plane .partly-dropped title").textContent);
    assert.match(ring, /key "d" event time 2025-06-22T10:05:00Z: on-time; counted in 1 of 2 windows; dropped from \[2025-06-22T10:00:00Z, 2025-06-22T10:10:00Z\)/);
    await page.screenshot({ path: join(artefacts, "replay-web-hopping.png") });
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(consoleErrors, [], "no errors in the browser console");
  console.log("web: all checks passed");
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
