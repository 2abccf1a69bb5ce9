#include "catch.h"

volatile u32 resume_eip, got_vector, got_error, got_eip, got_cr2, got_cs, trap_count;
int failures;

void catcher(struct frame *f) {
    got_vector = f->vector;
    got_error = f->error;
    got_eip = f->eip;
    got_cs = f->cs;
    got_cr2 = read_cr2();
    trap_count++;
    f->eip = resume_eip;
    f->eflags &= ~0x100u; /* single-stepping ends here */
}

void catch_all(void) {
    for (int v = 0; v < 32; v++) trap_handlers[v] = catcher;
}

int check(const char *name, u32 vector, u32 error) {
    int ok = got_vector == vector && (vector == NO_TRAP || got_error == error);
    puts(name);
    put_label_hex(" vec", got_vector);
    put_label_hex("err", got_error);
    put_label_hex("eip", got_eip);
    puts(ok ? "ok\n" : "FAIL\n");
    if (!ok) failures++;
    return ok;
}
