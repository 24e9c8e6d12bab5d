/**
 * How the learner starts Deno, for the commands the runner prints: `deno`, or under
 * `npx -y deno@2.9.6 task kata` (where npx sets `npm_lifecycle_event=npx`, which deno task
 * passes on) that same npx form, so every printed command can be pasted as it is.
 *
 * @module
 */

/** The npx form of `deno`, as the README and WORKSHOP.md give it. */
export const NPX_DENO = "npx -y deno@2.9.6";

/**
 * The command that starts Deno for a runner started with `npm_lifecycle_event` set to
 * `event` (undefined when it is not set or cannot be read).
 *
 * @example
 * ```ts
 * denoFor(undefined); // "deno"
 * denoFor("npx"); // "npx -y deno@2.9.6"
 * ```
 */
export function denoFor(event: string | undefined): string {
  return event === "npx" ? NPX_DENO : "deno";
}

/** `npm_lifecycle_event`, when the runner may read it (`--allow-env=npm_lifecycle_event`). */
function lifecycleEvent(): string | undefined {
  const env = { name: "env", variable: "npm_lifecycle_event" } as const;
  try {
    if (Deno.permissions.querySync(env).state !== "granted") return undefined;
    return Deno.env.get("npm_lifecycle_event");
  } catch {
    return undefined;
  }
}

/**
 * How this runner was started: `deno`, or `npx -y deno@2.9.6`. Read once, when the runner
 * loads; every command it prints starts with it (`${DENO} task kata hint`).
 */
export const DENO: string = denoFor(lifecycleEvent());
