/**
 * Tests for `download.ts` against a server on 127.0.0.1 started inside each test; files go to
 * a temporary folder under `.cache/`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { requirePermissions } from "../tests/harness/permissions.ts";
import { UsageError, UserError } from "./cli.ts";
import { checkGrant, download, NAMES_URL } from "./download.ts";

const NAMES = "emma\nolivia\nava\n";

/** What every test here needs: a local server and a temp folder under `.cache/`. */
const NEEDS: Deno.PermissionDescriptor[] = [
  { name: "net", host: "127.0.0.1" },
  { name: "read", path: ".cache" },
  { name: "write", path: ".cache" },
];

/** Runs `fn` with the URL of a local server that answers with `handler`, and a temp folder. */
async function withServer(
  handler: (request: Request) => Response,
  fn: (url: string, dir: string) => Promise<void>,
) {
  requirePermissions(...NEEDS);
  await Deno.mkdir(".cache", { recursive: true });
  const dir = await Deno.makeTempDir({ dir: ".cache" });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    handler,
  );
  try {
    await fn(`http://127.0.0.1:${server.addr.port}/names.txt`, dir);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
}

async function assertUserError(promise: Promise<unknown>, ...parts: string[]) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof UserError, `expected a UserError, got ${error}`);
    assert.ok(!error.message.includes("\n"), `not one line: ${error.message}`);
    for (const part of parts) {
      assert.ok(
        error.message.includes(part),
        `"${part}" not in: ${error.message}`,
      );
    }
    return true;
  });
}

Deno.test({
  name: "download: writes the served bytes to dest and returns how many",
  fn: () =>
    withServer(() => new Response(NAMES), async (url, dir) => {
      const bytes = await download(url, `${dir}/names.txt`);
      assert.equal(bytes, new TextEncoder().encode(NAMES).length);
      assert.equal(await Deno.readTextFile(`${dir}/names.txt`), NAMES);
      assert.deepEqual(await list(dir), ["names.txt"]); // no temporary file left
    }),
});

Deno.test({
  name: "download: creates the destination folder when it is missing",
  fn: () =>
    withServer(() => new Response(NAMES), async (url, dir) => {
      await download(url, `${dir}/data/sub/names.txt`);
      assert.equal(await Deno.readTextFile(`${dir}/data/sub/names.txt`), NAMES);
    }),
});

Deno.test({
  name: "download: replaces an existing dest",
  fn: () =>
    withServer(() => new Response(NAMES), async (url, dir) => {
      await Deno.writeTextFile(`${dir}/names.txt`, "old\n");
      await download(url, `${dir}/names.txt`);
      assert.equal(await Deno.readTextFile(`${dir}/names.txt`), NAMES);
    }),
});

Deno.test({
  name: "download: a 404 is a UserError with the status and writes no file",
  fn: () =>
    withServer(() => new Response("no", { status: 404 }), async (url, dir) => {
      await assertUserError(download(url, `${dir}/names.txt`), "404", url);
      assert.deepEqual(await list(dir), []);
    }),
});

Deno.test({
  name: "download: a 404 leaves an existing dest untouched",
  fn: () =>
    withServer(() => new Response("no", { status: 404 }), async (url, dir) => {
      await Deno.writeTextFile(`${dir}/names.txt`, "old\n");
      await assertUserError(download(url, `${dir}/names.txt`), "404");
      assert.equal(await Deno.readTextFile(`${dir}/names.txt`), "old\n");
      assert.deepEqual(await list(dir), ["names.txt"]);
    }),
});

Deno.test({
  name: "download: an empty body is a UserError and writes no file",
  fn: () =>
    withServer(() => new Response(""), async (url, dir) => {
      await assertUserError(download(url, `${dir}/names.txt`), "empty", url);
      assert.deepEqual(await list(dir), []);
    }),
});

Deno.test({
  name: "download: an unreachable server is a UserError and writes no file",
  fn: () =>
    withServer(() => new Response(NAMES), async (_url, dir) => {
      const dead = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen() {} },
        () => new Response(NAMES),
      );
      await dead.shutdown(); // nothing listens on its port any more
      const deadUrl = `http://127.0.0.1:${dead.addr.port}/names.txt`;
      await assertUserError(download(deadUrl, `${dir}/names.txt`), deadUrl);
      assert.deepEqual(await list(dir), []);
    }),
});

Deno.test({
  name: "download: when writing dest fails no temporary file is left",
  fn: () =>
    withServer(() => new Response(NAMES), async (url, dir) => {
      await Deno.mkdir(`${dir}/names.txt`); // a folder in the way: the rename fails
      await assert.rejects(download(url, `${dir}/names.txt`));
      assert.deepEqual(await list(dir), ["names.txt"]);
    }),
});

async function list(dir: string): Promise<string[]> {
  const names = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("download: a --url off raw.githubusercontent.com or an --out outside data/ is refused before anything is fetched", () => {
  for (
    const url of [
      "http://evil.com/x",
      "https://evil.com/x",
      "http://raw.githubusercontent.com/x",
      "not a url",
    ]
  ) {
    assert.throws(
      () => checkGrant(url, "data/names.txt"),
      (e: Error) =>
        e instanceof UsageError &&
        e.message.startsWith(
          `--url ${url} is not an https address on raw.githubusercontent.com`,
        ),
    );
  }
  for (const out of ["/etc/x", "names.txt", "data", "data/../x", "./x/y"]) {
    assert.throws(
      () => checkGrant(NAMES_URL, out),
      (e: Error) =>
        e instanceof UsageError &&
        e.message.startsWith(`--out ${out} is not a file under data/`),
    );
  }
  checkGrant(NAMES_URL, "data/names.txt");
  checkGrant(NAMES_URL, "./data/sub/names.txt");
});
