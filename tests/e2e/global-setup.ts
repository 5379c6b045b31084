import { chromeForRun } from "./chrome-path";

/** Resolves (and if need be inflates) the browser once, before any test file starts. */
export default async function setup(): Promise<void> {
  const choice = await chromeForRun();
  // Test files run in child processes that inherit this environment; they skip the search.
  process.env.CHROME_PATH = choice.path;
  for (const [k, v] of Object.entries(choice.env)) process.env[k] = v;
}
