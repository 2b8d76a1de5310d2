/**
 * Which files a document may be, told by their first bytes rather than by what the client
 * says. A declared type outside the list, or bytes that are not that type (a script named
 * contract.pdf), is refused with 415 before anything is stored. A short hand-written table:
 * no maintained magic-bytes package runs on Bun and workerd alike without Node streams.
 */
export const allowedTypes = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/heic', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'] as const;
export type AllowedType = (typeof allowedTypes)[number];

/** How many leading bytes the check needs. */
export const sniffBytes = 16;

const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));
const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

const signatures: Record<AllowedType, (b: Uint8Array) => boolean> = {
  'application/pdf': (b) => startsWith(b, ascii('%PDF-')),
  'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  'image/webp': (b) => startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8),
  // An ISO-BMFF `ftyp` box whose brand is one of HEIF's image brands.
  'image/heic': (b) => startsWith(b, ascii('ftyp'), 4) && ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].some((brand) => startsWith(b, ascii(brand), 8)),
  // A docx is a zip file (local file header); that is as far as the first bytes can tell.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]),
};

/** The declared media type without parameters, lower-cased; undefined when it is not on the list. */
export function allowedType(declared: string | undefined): AllowedType | undefined {
  const bare = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return (allowedTypes as readonly string[]).includes(bare) ? (bare as AllowedType) : undefined;
}

/** Whether the file's first bytes are what its declared type says. */
export const bytesMatch = (type: AllowedType, head: Uint8Array): boolean => signatures[type](head);
