/* MPTInit: every address space built, paging goes on in the kernel's. */
#include "kconst.h"
#include "import.h"
#include "export.h"

void pt_init(unsigned int mbi)
{
    pt_init_kern(mbi);
    set_pdir_base(0);
    enable_paging();
}
