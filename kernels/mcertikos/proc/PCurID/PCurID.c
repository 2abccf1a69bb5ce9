/* PCurID: which thread runs. The boot thread is id 0. */
#include "kconst.h"
#include "import.h"
#include "export.h"

static unsigned int cur_id;

unsigned int get_curid(void) { return cur_id; }
void set_curid(unsigned int id) { cur_id = id; }
