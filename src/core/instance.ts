import { randomBytes } from "node:crypto";
import os from "node:os";

/** This process among the instances (logs, claims, leases): host, pid and a random tail. */
export function instanceName(): string {
  return `${os.hostname()}/${process.pid}/${randomBytes(3).toString("hex")}`;
}
