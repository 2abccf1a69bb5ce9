// Guest RAM bounds, apart from the emulator so the CLI can check options without loading it.
export const DEFAULT_MEMORY_BYTES = 128 * 1024 * 1024;
/** Smallest and largest guest RAM: room for the firmware area and a kernel; below the PCI hole. */
export const MIN_MEMORY_BYTES = 2 * 1024 * 1024;
export const MAX_MEMORY_BYTES = 3 * 1024 * 1024 * 1024;
