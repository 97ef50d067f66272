/** The first line of an error's message: enough for a one-line report, without the stack. */
export function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].trim();
}
