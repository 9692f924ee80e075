// The exact content a signature is made over: canonical JSON (keys sorted, no spaces) and its
// SHA-256 in hex. The same content always gives the same hash, so a reader can check that the
// form they hold is the one signed.

import { createHash } from "node:crypto";
import type { FormContent } from "./form-content.js";

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function canonicalContent(content: FormContent): string {
  return canonical(content);
}

export function contentHash(content: FormContent): string {
  return createHash("sha256")
    .update(canonicalContent(content), "utf8")
    .digest("hex");
}
