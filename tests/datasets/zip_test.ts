/**
 * Zip members are checked against the central directory as they are read: a member changed
 * after the archive was hashed (same size) or whose deflate data is corrupt is a UserError
 * naming the archive and the member.
 */
import assert from "node:assert/strict";
import { ZipArchive } from "../../lib/datasets/zip.ts";
import { zip } from "../fixtures/formats.ts";
import { tempEnv } from "./helpers.ts";

const TEXT = new TextEncoder().encode("0 48\n1 49\n2 50\n");

async function archive(deflate: boolean): Promise<{ path: string; bytes: Uint8Array }> {
  const { dir } = await tempEnv();
  const bytes = await zip([{ path: "gzip/m.txt", bytes: TEXT, deflate }]);
  const path = `${dir}/a.zip`;
  await Deno.writeFile(path, bytes);
  return { path, bytes };
}

async function read(path: string): Promise<Uint8Array> {
  const z = await ZipArchive.open(path);
  try {
    return new Uint8Array(await new Response(await z.stream("gzip/m.txt")).arrayBuffer());
  } finally {
    z.close();
  }
}

Deno.test("zip: a stored member changed in place fails its CRC-32", async () => {
  const { path, bytes } = await archive(false);
  assert.deepEqual(await read(path), TEXT);
  const at = 30 + "gzip/m.txt".length; // first data byte after the local header
  bytes[at] = "9".charCodeAt(0);
  await Deno.writeFile(path, bytes);
  await assert.rejects(
    () => read(path),
    (e: Error) =>
      e.name === "UserError" &&
      e.message ===
        `Zip archive ${path} member gzip/m.txt does not match its directory (CRC-32 or size differs: corrupt or changed while reading); download it again.`,
  );
});

Deno.test("zip: corrupt deflate data names the archive and member", async () => {
  const { path, bytes } = await archive(true);
  assert.deepEqual(await read(path), TEXT);
  const at = 30 + "gzip/m.txt".length;
  bytes[at] = 0xff; // an invalid deflate block type
  await Deno.writeFile(path, bytes);
  await assert.rejects(
    () => read(path),
    (e: Error) =>
      e.name === "UserError" &&
      new RegExp(
        `^Zip archive ${path} member gzip/m\\.txt (is corrupt \\(.+\\)|does not match its directory .*); download it again\\.$`,
      )
        .test(e.message),
  );
});
