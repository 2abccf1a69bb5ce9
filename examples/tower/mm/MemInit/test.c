/* MemInit's test: built into the image test-MemInit, directly above MemInit, so it
 * may call exactly MemInit's primitives (fresh and passed through). */
#include "export.h"

void console_puts(const char *s);
void console_putu(u32 value);
void machine_exit(u32 status);

void kernel_main(u32 magic, u32 info)
{
	u32 page;
	u32 used = 0;

	(void)magic;
	(void)info;
	mem_init(16);
	for (page = 0; page < mem_npages(); page++)
		used += at_get(page);
	at_set(5, PAGE_USED);
	if (mem_npages() == 16 && used == 1 && at_get(5) == PAGE_USED && at_get(6) == PAGE_FREE) {
		console_puts("MemInit: PASS\n");
		machine_exit(0);
	}
	console_puts("MemInit: FAIL, used pages: ");
	console_putu(used);
	console_puts("\n");
	machine_exit(1);
}
