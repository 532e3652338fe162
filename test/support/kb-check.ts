import { execFileSync } from "node:child_process";

/** Runs `npm run kb:check` on a knowledge directory as a maintainer would; exit code and output. */
export function kbCheck(dir: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, ["--import", "tsx", "src/cli/kb-check.ts", dir], { encoding: "utf8", stdio: "pipe" }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout + e.stderr };
  }
}
