/**
 * Scanner threads: the default and the accepted range, in a module light enough for `--help` to read (the help
 * text states the default from here, not from a second copy). Why 1: see `ScanOptions.threads` in scan.ts.
 */
export const DEFAULT_THREADS = 1;
export const MAX_THREADS = 64;
