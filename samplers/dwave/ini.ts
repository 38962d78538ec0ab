/**
 * The INI dialect of dwave.conf exactly as D-Wave's client reads it: Python's configparser with
 * `default_section="defaults"` and its defaults (strict, `=` or `:`, whole-line `#`/`;` comments,
 * no inline comments, keys lower-cased, values continued on lines indented deeper than their key,
 * blank lines kept inside a continued value), and BasicInterpolation (`%%`, `%(key)s`) applied
 * when a profile's values are read. Files are read into one document, later files overriding
 * earlier ones key by key; a key or section twice in one file is an error, as in configparser.
 */
import { UserError } from "../../lib/errors.ts";

/** The sections of one or more files, merged; `[defaults]` is kept apart. */
export interface IniDocument {
  readonly defaults: Map<string, string>;
  /** Sections other than [defaults], in the order first seen. */
  readonly sections: Map<string, Map<string, string>>;
}

/** An empty document. */
export function emptyIni(): IniDocument {
  return { defaults: new Map(), sections: new Map() };
}

/** The name of the default section. */
export const DEFAULT_SECTION = "defaults";

/** configparser's MAX_INTERPOLATION_DEPTH. */
const MAX_DEPTH = 10;

/** Reads INI text into `doc` (a fresh one by default); `file` names the source in messages. */
export function parseIni(text: string, file: string, doc: IniDocument = emptyIni()): IniDocument {
  const added = new Set<string>(); // "section" and "section\0key" seen in this file
  const values = new Map<Map<string, string>, Map<string, string[]>>();
  let section: Map<string, string> | undefined;
  let sectionName = "";
  let key: string | undefined;
  let indent = Infinity;
  const lines = text.split(/\r\n|\r|\n/);
  const fail = (index: number, what: string): never => {
    throw new UserError(`${file}, line ${index + 1}: ${what}; fix or remove that line.`, {
      code: "config",
    });
  };
  lines.forEach((line, index) => {
    const comment = /^\s*[#;]/.test(line);
    const value = comment ? "" : line.trim();
    if (!value) {
      // A blank line (not a comment) may sit inside a continued value.
      if (!comment && section && key !== undefined) values.get(section)!.get(key)!.push("");
      return;
    }
    const level = line.length - line.trimStart().length;
    if (section && key !== undefined && level > indent) {
      values.get(section)!.get(key)!.push(value);
      return;
    }
    indent = level;
    const header = /^\[(.+)\]/.exec(value);
    if (header) {
      sectionName = header[1];
      if (sectionName !== DEFAULT_SECTION && added.has(sectionName)) {
        fail(index, `section [${sectionName}] appears a second time in this file`);
      }
      added.add(sectionName);
      if (sectionName === DEFAULT_SECTION) section = doc.defaults;
      else {
        section = doc.sections.get(sectionName) ?? new Map();
        doc.sections.set(sectionName, section);
      }
      if (!values.has(section)) values.set(section, new Map());
      key = undefined;
      return;
    }
    if (!section) {
      fail(
        index,
        `expected "[section]" before ${
          JSON.stringify(value)
        } (a dwave.conf starts with a section such as [defaults])`,
      );
    }
    const pair = /^(.*?)\s*[=:]\s*(.*)$/s.exec(value);
    if (!pair || !pair[1]) {
      fail(index, `expected "[section]" or "key = value", got ${JSON.stringify(value)}`);
    }
    key = pair![1].trimEnd().toLowerCase();
    if (added.has(`${sectionName}\0${key}`)) {
      fail(index, `key "${key}" appears a second time in section [${sectionName}] of this file`);
    }
    added.add(`${sectionName}\0${key}`);
    values.get(section!)!.set(key, [pair![2].trim()]);
  });
  for (const [target, pending] of values) {
    for (const [k, parts] of pending) target.set(k, parts.join("\n").trimEnd());
  }
  return doc;
}

/**
 * The values of one section (with [defaults] under it) as configparser's BasicInterpolation
 * reads them: `%%` is `%`, `%(key)s` the value of that key; any other `%` is an error.
 * `where` names the files in messages.
 */
export function interpolatedSection(
  doc: IniDocument,
  name: string,
  where: string,
): Map<string, string> {
  const raw = new Map(doc.defaults);
  if (name !== DEFAULT_SECTION) {
    for (const [k, v] of doc.sections.get(name) ?? []) raw.set(k, v);
  }
  const expand = (key: string, text: string, depth: number): string => {
    if (depth > MAX_DEPTH) {
      throw new UserError(
        `D-Wave configuration ${where}: the value of "${key}" in [${name}] refers to itself through %(...)s more than ${MAX_DEPTH} times; remove the loop.`,
        { code: "config" },
      );
    }
    let out = "";
    let rest = text;
    while (rest) {
      const at = rest.indexOf("%");
      if (at < 0) return out + rest;
      out += rest.slice(0, at);
      rest = rest.slice(at);
      if (rest[1] === "%") {
        out += "%";
        rest = rest.slice(2);
      } else if (rest[1] === "(") {
        const ref = /^%\(([^)]+)\)s/.exec(rest);
        if (!ref) {
          throw new UserError(
            `D-Wave configuration ${where}: the value of "${key}" in [${name}] has a malformed reference ${
              JSON.stringify(rest)
            }; write %(name)s, or %% for a literal "%".`,
            { code: "config" },
          );
        }
        const target = ref[1].toLowerCase();
        rest = rest.slice(ref[0].length);
        const value = raw.get(target);
        if (value === undefined) {
          throw new UserError(
            `D-Wave configuration ${where}: the value of "${key}" in [${name}] refers to "%(${
              ref[1]
            })s", which is not a key of that section or [defaults]; define it, or write %% for a literal "%".`,
            { code: "config" },
          );
        }
        out += value.includes("%") ? expand(key, value, depth + 1) : value;
      } else {
        throw new UserError(
          `D-Wave configuration ${where}: the value of "${key}" in [${name}] has a "%" that is not followed by "%" or "(" (values are interpolated as Python's configparser does); write %% for a literal "%".`,
          { code: "config" },
        );
      }
    }
    return out;
  };
  const out = new Map<string, string>();
  for (const [k, v] of raw) out.set(k, expand(k, v, 1));
  return out;
}
