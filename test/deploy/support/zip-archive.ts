import { chmodSync, mkdirSync, openSync, readSync, closeSync, fstatSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/**
 * Extracts a zip archive (stored or deflated entries, no zip64) into `target`, keeping Unix permission bits.
 * Enough for the kubectl layer's zip; refuses anything it does not understand rather than guessing.
 */
export function extractZip(archive: string, target: string): string[] {
  const fd = openSync(archive, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (position: number, length: number): Buffer => {
      const buffer = Buffer.alloc(length);
      readSync(fd, buffer, 0, length, position);
      return buffer;
    };
    const tailLength = Math.min(size, 65_557);
    const tail = read(size - tailLength, tailLength);
    let end = -1;
    for (let offset = tail.length - 22; offset >= 0; offset -= 1) {
      if (tail.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
        end = offset;
        break;
      }
    }
    if (end < 0) throw new Error(`${archive}: no zip end-of-central-directory record`);
    const entries = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (directoryOffset === 0xffffffff) throw new Error(`${archive}: zip64 archives are not supported`);
    const directory = read(directoryOffset, directorySize);
    const written: string[] = [];
    let cursor = 0;
    for (let index = 0; index < entries; index += 1) {
      if (directory.readUInt32LE(cursor) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`${archive}: corrupt central directory`);
      const method = directory.readUInt16LE(cursor + 10);
      const compressedSize = directory.readUInt32LE(cursor + 20);
      const nameLength = directory.readUInt16LE(cursor + 28);
      const extraLength = directory.readUInt16LE(cursor + 30);
      const commentLength = directory.readUInt16LE(cursor + 32);
      const mode = directory.readUInt32LE(cursor + 38) >>> 16;
      const localOffset = directory.readUInt32LE(cursor + 42);
      const name = directory.toString('utf8', cursor + 46, cursor + 46 + nameLength);
      cursor += 46 + nameLength + extraLength + commentLength;

      const path = normalize(join(target, name));
      if (!path.startsWith(normalize(target) + sep)) throw new Error(`${archive}: entry "${name}" leaves the target folder`);
      if (name.endsWith('/')) {
        mkdirSync(path, { recursive: true });
        continue;
      }
      const header = read(localOffset, 30);
      if (header.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new Error(`${archive}: corrupt local header for ${name}`);
      const dataStart = localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
      const data = read(dataStart, compressedSize);
      let content: Buffer;
      if (method === STORED) content = data;
      else if (method === DEFLATED) content = inflateRawSync(data);
      else throw new Error(`${archive}: ${name} uses compression method ${method}`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      if (mode & 0o777) chmodSync(path, mode & 0o777);
      written.push(path);
    }
    return written;
  } finally {
    closeSync(fd);
  }
}
