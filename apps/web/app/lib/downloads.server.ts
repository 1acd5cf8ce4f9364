// The responses of export downloads (admin exports and mission exports): a workbook at once, a
// CSV streamed page by page. The routes start the download through the api (which audits it).
import { csvStream, type ExportPage } from "@missionboard/api";

const HEADERS = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };

const disposition = (fileName: string) => `attachment; filename="${fileName}"`;

/** A file built whole (a credential, a baked badge). */
export function fileResponse(body: string | Uint8Array<ArrayBuffer>, contentType: string, fileName: string): Response {
  return new Response(body, { headers: { ...HEADERS, "Content-Type": contentType, "Content-Disposition": disposition(fileName) } });
}

export function workbookResponse(file: { base64: string; contentType: string; fileName: string }): Response {
  return new Response(Buffer.from(file.base64, "base64"), {
    headers: { ...HEADERS, "Content-Type": file.contentType, "Content-Disposition": disposition(file.fileName) },
  });
}

/**
 * A streamed CSV. The first page is read before answering, so a failure is a proper error page
 * (through `fail`) rather than a cut-off file; later pages are read as the client reads.
 */
export async function csvResponse(
  started: { contentType: string; fileName: string },
  readPage: (after: string | null) => Promise<ExportPage>,
  fail: (error: unknown) => never,
): Promise<Response> {
  const first = await readPage(null).catch(fail);
  let pending: ExportPage | null = first;
  const stream = csvStream(async (after) => {
    if (pending) {
      const page = pending;
      pending = null;
      return page;
    }
    return readPage(after);
  });
  return new Response(stream, {
    headers: { ...HEADERS, "Content-Type": started.contentType, "Content-Disposition": disposition(started.fileName) },
  });
}
