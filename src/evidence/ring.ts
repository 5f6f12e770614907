/** The shared-memory ring between gunzip-worker.ts (writer) and read.ts (reader): indexes into ctrl, and sizes. */
export const RING = {
  SLOTS: 4,
  SLOT: 512 * 1024,
  PUBLISHED: 0,
  RELEASED: 1,
  STATE: 2,
  CODE: 3,
  MSG_LEN: 4,
  LENGTHS: 8,
  /** Int32 slots in ctrl */
  CTRL: 16,
} as const;
