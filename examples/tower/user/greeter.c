/* A ring-3 program the tower embeds in its image. The tower has no process layer
 * to start it (kernels/mcertikos does); the kernel only checks it is there. */
static const char message[] = "greetings from ring 3\n";
volatile const char *greeting;

void _start(void)
{
	greeting = message;
	for (;;)
		;
}
