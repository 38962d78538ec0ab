/**
 * The qbsolv `.qubo` text format (dwavesystems/qbsolv README, "qbsolv QUBO Input File Format"):
 *
 *   c <comment>                 comment lines: "c" in column 1, anywhere in the file
 *   p qubo 0 maxNodes nNodes nCouplers
 *   i i value                   nNodes node (diagonal) lines
 *   i j value                   nCouplers coupler lines, i < j, each pair at most once
 *
 * The energy is E(b) = sum of node values b_i + sum of coupler values b_i b_j (the
 * upper-triangular convention), so a coupler is 2 * Q[i][j] of our symmetric matrix. The
 * format has no constant term: we write it as the comment "c offset <value>" and read it
 * back from there (other tools ignore it as a comment). We write every diagonal entry, zeros
 * included, and every non-zero coupler; numbers use the shortest text that reads back exactly.
 * A file must name its last node (maxNodes - 1) on some line: the dense matrix is n x n, so n
 * must be backed by the file's content, not only by its program line.
 */
import { UserError } from "../errors.ts";
import type { Qubo } from "../qubo.ts";
import { formatNumber, MAX_FILE_N, parseDecimal, parseIndex } from "./numbers.ts";

/** Writes a QUBO as qbsolv `.qubo` text. */
export function writeQbsolv(qubo: Qubo, comments: readonly string[] = []): string {
  const { n, q } = qubo;
  const couplers: string[] = [];
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = i + 1; j < n; j++) {
      const v = q[row + j];
      if (v !== 0) couplers.push(`${i} ${j} ${formatNumber(2 * v)}`);
    }
  }
  const lines = [
    ...comments.map((c) => `c ${c}`),
    "c E(b) = sum of node values b_i + sum of coupler values b_i b_j + offset",
    `c offset ${formatNumber(qubo.offset)}`,
    `p qubo 0 ${n} ${n} ${couplers.length}`,
  ];
  for (let i = 0; i < n; i++) lines.push(`${i} ${i} ${formatNumber(q[i * n + i])}`);
  // One push per line: spreading millions of couplers into push() overflows the call stack.
  for (const line of couplers) lines.push(line);
  return lines.join("\n") + "\n";
}

/**
 * Reads qbsolv `.qubo` text into a dense symmetric QUBO.
 * @param file the file name used in error messages
 * @throws UserError "FILE:LINE: what is wrong: what to do"
 */
export function readQbsolv(text: string, file: string): Qubo {
  const fail: (line: number, message: string) => never = (line, message) => {
    throw new UserError(`${file}:${line}: ${message}`);
  };
  let header: { line: number; n: number; nodes: number; couplers: number } | undefined;
  // Terms are collected first and the dense matrix allocated only once the whole file has been
  // read and holds what its program line declares: a short file cannot cost n^2 memory.
  const terms: { i: number; j: number; value: number }[] = [];
  let highest = -1;
  let offset: number | undefined;
  let nodes = 0;
  let couplers = 0;
  let seenNode = new Uint8Array(0);
  const seenCoupler = new Set<number>();
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const line = lines[index].trim();
    if (line === "") continue;
    if (line[0] === "c" || line[0] === "C") {
      const match = /^[cC]\s+offset\b\s*(.*)$/.exec(line);
      if (match) {
        const value = parseDecimal(match[1]);
        if (value === undefined) {
          fail(lineNo, `the offset comment needs one finite number, found "${match[1]}".`);
        }
        if (offset !== undefined) {
          fail(lineNo, 'the offset is given twice: keep one "c offset" line.');
        }
        offset = value;
      }
      continue;
    }
    const tokens = line.split(/\s+/);
    if (tokens[0] === "p" || tokens[0] === "P") {
      if (header) fail(lineNo, `a second program line: the first is on line ${header.line}.`);
      if (tokens.length !== 6 || tokens[1] !== "qubo") {
        fail(
          lineNo,
          `the program line must read "p qubo <topology> <maxNodes> <nNodes> <nCouplers>", ` +
            `found "${line}".`,
        );
      }
      const [n, nodeCount, couplerCount] = tokens.slice(3).map(parseIndex);
      if (n === undefined || nodeCount === undefined || couplerCount === undefined) {
        fail(
          lineNo,
          `maxNodes, nNodes and nCouplers must be non-negative integers, found "${line}".`,
        );
      }
      if (n > MAX_FILE_N) {
        fail(
          lineNo,
          `maxNodes ${n} is more than the ${MAX_FILE_N} variables a dense QUBO here can hold.`,
        );
      }
      if (nodeCount > n) fail(lineNo, `nNodes ${nodeCount} is more than maxNodes ${n}.`);
      if (couplerCount > (n * (n - 1)) / 2) {
        fail(
          lineNo,
          `nCouplers ${couplerCount} is more than the ${(n * (n - 1)) / 2} pairs of ${n} nodes.`,
        );
      }
      header = { line: lineNo, n: n, nodes: nodeCount, couplers: couplerCount };
      seenNode = new Uint8Array(n);
      continue;
    }
    if (!header) {
      fail(
        lineNo,
        `expected the program line "p qubo 0 <maxNodes> <nNodes> <nCouplers>" before any ` +
          `data, found "${line}".`,
      );
    }
    const h = header;
    if (tokens.length !== 3) {
      fail(lineNo, `expected "i j value" (three fields), found "${line}".`);
    }
    const i = parseIndex(tokens[0]);
    const j = parseIndex(tokens[1]);
    const value = parseDecimal(tokens[2]);
    if (i === undefined || j === undefined) {
      fail(
        lineNo,
        `node numbers must be non-negative integers, found "${tokens[0]} ${tokens[1]}".`,
      );
    }
    if (value === undefined) fail(lineNo, `"${tokens[2]}" is not a finite number.`);
    if (i >= h.n || j >= h.n) {
      fail(
        lineNo,
        `node ${Math.max(i, j)} is out of range: maxNodes is ${h.n}, so nodes are 0 to ${h.n - 1}.`,
      );
    }
    if (i === j) {
      if (seenNode[i]) fail(lineNo, `node ${i} is given twice: give each node once.`);
      seenNode[i] = 1;
      if (++nodes > h.nodes) {
        fail(lineNo, `more node lines than the ${h.nodes} the program line declares.`);
      }
      terms.push({ i, j, value });
    } else {
      if (i > j) {
        fail(lineNo, `coupler ${i} ${j} has i > j: write it as "${j} ${i} ${tokens[2]}" (i < j).`);
      }
      const pair = i * h.n + j;
      if (seenCoupler.has(pair)) {
        fail(lineNo, `coupler ${i} ${j} is given twice: give each coupler once.`);
      }
      seenCoupler.add(pair);
      if (++couplers > h.couplers) {
        fail(lineNo, `more coupler lines than the ${h.couplers} the program line declares.`);
      }
      terms.push({ i, j, value });
    }
    highest = Math.max(highest, j, i);
  }
  if (!header) {
    throw new UserError(
      `${file}: no program line "p qubo 0 <maxNodes> <nNodes> <nCouplers>" found: is this a ` +
        `qbsolv .qubo file?`,
    );
  }
  if (nodes !== header.nodes || couplers !== header.couplers) {
    throw new UserError(
      `${file}:${header.line}: the program line declares ${header.nodes} nodes and ` +
        `${header.couplers} couplers, but the file has ${nodes} and ${couplers}: the file is ` +
        `incomplete or its program line is wrong.`,
    );
  }
  if (header.n > highest + 1) {
    throw new UserError(
      `${file}:${header.line}: the program line declares maxNodes ${header.n} but ` +
        (highest === -1
          ? "the file has no node or coupler lines: add them, or set maxNodes to 0."
          : `the highest node any line names is ${highest}: set maxNodes to ${
            highest + 1
          }, the number of variables the file uses.`),
    );
  }
  const n = header.n;
  const q = new Float64Array(n * n);
  for (const { i, j, value } of terms) {
    if (i === j) q[i * n + i] = value;
    else {
      q[i * n + j] = value / 2;
      q[j * n + i] = value / 2;
    }
  }
  return { n, q, offset: offset ?? 0 };
}
