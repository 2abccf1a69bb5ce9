/* A ring-3 program the tower embeds in its image. The tower has no process layer
 * to start it (kernels/mcertikos does); the kernel only checks it is there. */
static const char message[] = "hello from ring 3\n";
volatile const char *hello_message;

void _start(void)
{
	hello_message = message;
	for (;;)
		;
}
