/* cmd_count.c -- placeholder until the count command lands (see its issue). */
#include "htlvpvl/commands.h"
#include "htlvpvl/log.h"

int cmd_count(int argc, char **argv)
{
    (void)argc, (void)argv;
    hp_error("not implemented yet");
    return HP_EXIT_DATA;
}
