import assert from "node:assert/strict";
import { DENO, denoFor, NPX_DENO } from "./deno_command.ts";

Deno.test("deno_command: npx's lifecycle event gives the npx form, anything else deno", () => {
  assert.equal(denoFor("npx"), "npx -y deno@2.9.6");
  assert.equal(denoFor("npx"), NPX_DENO);
  assert.equal(denoFor(undefined), "deno");
  assert.equal(denoFor(""), "deno");
  assert.equal(denoFor("test"), "deno");
});

Deno.test("deno_command: without the permission to read the variable, deno", () => {
  // deno task test grants no --allow-env: the chooser neither throws nor prompts.
  const env = { name: "env", variable: "npm_lifecycle_event" } as const;
  if (Deno.permissions.querySync(env).state === "granted") return;
  assert.equal(DENO, "deno");
});
