/**
 * The INI dialect of dwave.conf as Python's configparser reads it (SAPI.md section 1.9):
 * `[section]`, `key = value` or `key: value`, whole-line `#`/`;` comments, values continued on
 * indented lines, keys case-insensitive. `[defaults]` is inherited by every section.
 */
import { UserError } from "../../lib/errors.ts";

/** Sections in file order, each a map of lower-cased key -> value. */
export type IniFile = Map<string, Map<string, string>>;

/** Parses INI text; `file` names the source in error messages. */
export function parseIni(text: string, file: string): IniFile {
  const sections: IniFile = new Map();
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (/^\s*([#;].*)?$/.test(line)) {
      lastKey = undefined;
      return;
    }
    if (/^\s/.test(line) && current && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey)}\n${line.trim()}`);
      return;
    }
    const section = /^\[([^\]]+)\]\s*$/.exec(line);
    if (section) {
      const name = section[1].trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      lastKey = undefined;
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!pair || !current) {
      throw new UserError(
        `${file}, line ${index + 1}: expected "[section]" or "key = value", got ${
          JSON.stringify(line.trim())
        }; fix or remove that line.`,
      );
    }
    lastKey = pair[1].trim().toLowerCase();
    current.set(lastKey, pair[2].trim());
  });
  return sections;
}
