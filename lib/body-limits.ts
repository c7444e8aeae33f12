/**
 * How large a request body may be, by door (issue 10, requirement 6). Server actions, public ones
 * included, take small bodies only: the largest one any form sends is the import grid, which its
 * schema bounds below this (lib/transfer/grid.ts). Files travel through the import's upload route
 * instead, under its own limit (lib/transfer/read-file.ts, MAX_UPLOAD_BYTES).
 * Read by next.config.ts; free of imports so that the config can load it.
 */
export const SERVER_ACTION_BODY_MB = 2;
export const SERVER_ACTION_BODY_BYTES = SERVER_ACTION_BODY_MB * 1024 * 1024;
