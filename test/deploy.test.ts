import fs from "node:fs";
import { describe, expect, it } from "vitest";

const unit = fs.readFileSync("deploy/asn-netral.service", "utf8");
const setting = (key: string) => unit.split("\n").find((line) => line.startsWith(`${key}=`))?.slice(key.length + 1);

describe("deploy/asn-netral.service", () => {
  it("runs the same command as npm start", () => {
    const start = JSON.parse(fs.readFileSync("package.json", "utf8")).scripts.start as string;
    expect(setting("ExecStart")).toBe(`/usr/bin/${start}`);
  });

  it("does not restart on a configuration problem (exit 2) and gives shutdown time to flush", () => {
    expect(setting("RestartPreventExitStatus")).toBe("2");
    expect(setting("Restart")).toBe("on-failure");
    expect(Number.parseInt(setting("TimeoutStopSec") ?? "0", 10)).toBeGreaterThan(5);
    expect(unit).toContain("Environment=DATA_DIR=/var/lib/asn-netral");
  });
});
