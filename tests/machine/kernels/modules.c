/* Multiboot modules and the command line, as QEMU's -initrd and -append pass them:
 * each module's bounds, command line and a checksum of its bytes. */
#include "lib.h"

struct mbi {
    u32 flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
};
struct module {
    u32 start, end, cmdline, reserved;
};

u32 kmain(u32 magic, struct mbi *mbi) {
    put_label_hex("magic", magic);
    newline();
    puts("cmdline=[");
    puts((const char *)mbi->cmdline);
    puts("]\n");
    put_label_hex("mods", mbi->mods_count);
    put_label_hex("mods_addr", mbi->mods_addr);
    newline();
    struct module *m = (struct module *)mbi->mods_addr;
    for (u32 i = 0; i < mbi->mods_count; i++) {
        u32 sum = 0;
        for (u8 *p = (u8 *)m[i].start; p < (u8 *)m[i].end; p++) sum = sum * 31 + *p;
        put_label_hex("start", m[i].start);
        put_label_hex("end", m[i].end);
        put_label_hex("sum", sum);
        puts("[");
        puts((const char *)m[i].cmdline);
        puts("]\n");
    }
    puts("modules done\n");
    return 0;
}
