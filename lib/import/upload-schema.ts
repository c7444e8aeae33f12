import { z } from "zod";

/**
 * What an upload says besides its bytes (issue 10, requirement 6): the file travels as the raw
 * body of a POST to the upload route, so its name and the import's options ride in the query.
 * Free of server code: the upload form builds the URL that the route reads back.
 */

export const UPLOAD_PATH = "/admin/users/import/upload";

export const uploadQuerySchema = z.object({
  name: z.string().trim().min(1, "Choose a file to import.").max(255, "Rename the file to at most 255 characters."),
  mappingId: z.union([z.uuid(), z.literal("")]).optional(),
  sendInvitations: z.enum(["true", "false"]).optional(),
});

export type UploadQuery = z.output<typeof uploadQuerySchema>;

export function uploadHref(fileName: string, options: { mappingId?: string; sendInvitations?: boolean } = {}): string {
  const query = new URLSearchParams({ name: fileName });
  if (options.mappingId) query.set("mappingId", options.mappingId);
  if (options.sendInvitations !== undefined) query.set("sendInvitations", String(options.sendInvitations));
  return `${UPLOAD_PATH}?${query}`;
}
