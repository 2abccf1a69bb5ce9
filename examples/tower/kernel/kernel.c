/* Kernel: checks the tower from the top, through Memory's interface only. */
#include "export.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u

void console_puts(const char *s);
void console_putu(u32 value);
void console_putx(u32 value);
void machine_exit(u32 status);
void mem_init(u32 npages);
u32 palloc(void);
void pfree(u32 page);
u32 mem_free_count(void);

/* The user program `greeter`, embedded by the image as a binary blob. */
extern const char _binary_greeter_start[];
extern const char _binary_greeter_end[];

static int fail(const char *what, u32 value)
{
	console_puts("tower: FAIL: ");
	console_puts(what);
	console_puts(" ");
	console_putx(value);
	console_puts("\n");
	machine_exit(1);
	return 0;
}

static int blob_contains(const char *start, const char *end, const char *needle)
{
	const char *p;
	int i;

	for (p = start; p < end; p++) {
		for (i = 0; needle[i] != '\0' && p + i < end && p[i] == needle[i]; i++)
			;
		if (needle[i] == '\0')
			return 1;
	}
	return 0;
}

void kernel_main(u32 magic, u32 info)
{
	u32 first, second, again;

	(void)info;
	console_puts("tower: booted\n");
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		fail("multiboot magic", magic);

	mem_init(64);
	if (mem_free_count() != 63)
		fail("free pages after mem_init", mem_free_count());
	first = palloc();
	second = palloc();
	if (first != 1 || second != 2)
		fail("first pages", first * 16 + second);
	pfree(first);
	again = palloc();
	if (again != first)
		fail("page reuse", again);
	console_puts("tower: ");
	console_putu(mem_free_count());
	console_puts(" of 64 pages free\n");

	if (!blob_contains(_binary_greeter_start, _binary_greeter_end, "greetings from ring 3"))
		fail("program greeter not embedded", (u32)(_binary_greeter_end - _binary_greeter_start));
	console_puts("tower: program greeter embedded\n");

	console_puts("tower: all tests passed\n");
	machine_exit(0);
}
