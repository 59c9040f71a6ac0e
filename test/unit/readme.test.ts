import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_ENV_VARS, PRESETS } from "../../src/index.js";

const readme = readFileSync("README.md", "utf8");

// The README's config table is documentation users rely on: keep it in step with the code.
describe("README", () => {
  it("shows the two newcomer commands on its first screen", () => {
    const first = readme.split("\n").slice(0, 40).join("\n");
    expect(first).toContain("npm install && npm run demo");
    expect(first).toContain("npm test");
  });

  it("documents every option and env variable in the config table", () => {
    for (const [field, envVar] of Object.entries(CONFIG_ENV_VARS)) {
      expect(readme, field).toMatch(new RegExp(`\\| \`${field}\` \\| \`${envVar}\``));
    }
  });

  it("documents every preset with its values", () => {
    for (const [name, preset] of Object.entries(PRESETS)) {
      const row = readme.split("\n").find((l) => l.startsWith(`| \`${name}\``));
      expect(row, name).toContain(`| ${preset.maxAttributes} |`);
    }
  });
});
