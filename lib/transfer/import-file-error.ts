import { DomainError } from "@/lib/errors";

/** A file the import refuses: the message tells the admin what is wrong and how to fix the file. */
export class ImportFileError extends DomainError {
  constructor(message: string) {
    super(message, "invalid");
    this.name = "ImportFileError";
  }
}

/** "52.4 MB", "812 KB": sizes as an admin reads them in a message. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trimZero(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${trimZero(bytes / 1024)} KB`;
  return bytes === 1 ? "1 byte" : `${bytes} bytes`;
}

function trimZero(n: number): string {
  return n.toFixed(1).replace(/\.0$/, "");
}
